// Compose form: live preview, character count, and the chosen day's posts against the page's caps.
;(() => {
  const form = document.getElementById('compose-form')
  if (!form) return
  const $ = (id) => document.getElementById(id)
  const page = $('c-page')
  const message = $('f-message')
  const link = $('f-link')
  const image = $('f-imageUrl')
  const at = $('f-scheduledAt')
  const count = $('c-count')
  const load = $('c-load')

  const fill = (template, values) =>
    Object.entries(values).reduce((text, [key, value]) => text.replaceAll(key, String(value)), template)

  function preview() {
    const option = page.options[page.selectedIndex]
    $('p-page').textContent = option ? option.textContent : ''
    $('p-text').textContent = message.value
    count.textContent = fill(count.dataset.template, { COUNT: message.value.length })
    const img = $('p-image')
    img.hidden = !/^https?:\/\//.test(image.value)
    if (!img.hidden) img.src = image.value
    const a = $('p-link')
    a.hidden = !/^https?:\/\//.test(link.value)
    if (!a.hidden) {
      a.href = link.value
      a.textContent = link.value
    }
    $('c-zone').textContent = option ? `(${option.dataset.timeZone})` : ''
  }

  let pending
  async function dayLoad() {
    if (!at.value || !page.value) {
      load.textContent = ''
      return
    }
    pending?.abort()
    pending = new AbortController()
    try {
      const query = new URLSearchParams({ pageId: page.value, at: at.value })
      const res = await fetch(`/api/v1/posts/day-load?${query}`, {
        headers: { accept: 'application/json' },
        signal: pending.signal,
      })
      if (!res.ok) return
      const day = await res.json()
      let text = fill(load.dataset.template, {
        PROMOCAP: day.maxPromoPostsPerWeek,
        PROMOS: day.promoPostsThatWeek,
        COUNT: day.postsThatDay,
        CAP: day.maxPostsPerDay,
      })
      if (day.dst === 'skipped') text += ` ${fill(load.dataset.skipped, { TIME: day.local.slice(11) })}`
      if (day.dst === 'ambiguous') text += ` ${load.dataset.ambiguous}`
      if (day.posts.length) text += ` (${day.posts.map((p) => p.time.slice(11)).join(', ')})`
      load.textContent = text
      load.classList.toggle('bad', day.postsThatDay >= day.maxPostsPerDay)
    } catch {
      // A newer request replaced this one, or the network is away; the server checks anyway.
    }
  }

  for (const el of [page, message, link, image]) el.addEventListener('input', preview)
  for (const el of [page, at]) el.addEventListener('change', dayLoad)
  preview()
  dayLoad()
})()
