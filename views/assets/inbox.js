// The inbox refreshes its list when the server announces a new comment (server-sent events),
// and saved replies fill the reply box.
;(() => {
  const list = document.getElementById('inbox-list')
  if (list && 'EventSource' in window) {
    const source = new EventSource(list.dataset.live)
    let timer
    const refresh = () => {
      clearTimeout(timer)
      timer = setTimeout(async () => {
        const res = await fetch(location.href, { headers: { accept: 'text/html' } })
        if (!res.ok) return
        const doc = new DOMParser().parseFromString(await res.text(), 'text/html')
        const fresh = doc.getElementById('inbox-list')
        if (!fresh) return
        // Keep what the moderator ticked for a bulk action across the refresh.
        const ticked = new Set(
          [...list.querySelectorAll('input[name="ids"]:checked')].map((box) => box.value),
        )
        list.replaceChildren(...fresh.childNodes)
        for (const box of list.querySelectorAll('input[name="ids"]')) box.checked = ticked.has(box.value)
      }, 100)
    }
    source.addEventListener('comment', refresh)
    source.addEventListener('import', refresh)
    source.addEventListener('open', () => document.body.setAttribute('data-live', 'on'))
  }
  for (const button of document.querySelectorAll('button.use-saved')) {
    button.addEventListener('click', () => {
      const box = document.getElementById('reply-message')
      if (!box) return
      box.value = button.dataset.text
      const saved = document.getElementById('saved-reply-id')
      if (saved) saved.value = button.dataset.id || ''
      box.focus()
    })
  }
})()
