// The Inbox menu item's unread count, kept live: the server announces each new comment on the
// member's pages (server-sent events) and the count is read again. On the inbox itself the list is
// what is new, so the count stays at zero there.
;(() => {
  const badge = document.querySelector('.nav-badge[data-badge="inbox"]')
  if (!badge || document.getElementById('inbox-list') || !('EventSource' in window)) return
  const count = badge.querySelector('.count')
  let timer
  const refresh = () => {
    clearTimeout(timer)
    timer = setTimeout(async () => {
      const res = await fetch('/api/v1/comments/unread', { headers: { accept: 'application/json' } })
      if (!res.ok) return
      const { unread } = await res.json()
      count.textContent = String(unread)
      badge.hidden = unread === 0
    }, 150)
  }
  const source = new EventSource('/comments/stream')
  source.addEventListener('comment', refresh)
  source.addEventListener('open', () => badge.setAttribute('data-live', 'on'))
})()
