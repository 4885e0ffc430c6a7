// Compose form, the promo's product: a search that asks the connected shops for more variants than
// the first ones listed, {voorraad} in the preview filled with the chosen variant's stock, and the
// offer end's time zone following the chosen page. Without JavaScript the select still works.
;(() => {
  const select = document.getElementById('f-product')
  const search = document.getElementById('c-product-search')
  const message = document.getElementById('f-message')
  const preview = document.getElementById('p-text')
  const page = document.getElementById('c-page')

  function showStock() {
    if (!message || !preview) return
    const stock = select?.selectedOptions[0]?.dataset.stock
    preview.textContent =
      stock === undefined || stock === ''
        ? message.value
        : message.value.replace(/\{(voorraad|stock)\}/gi, stock)
  }

  function showZone() {
    const option = page?.options[page.selectedIndex]
    for (const el of document.querySelectorAll('[data-page-zone]'))
      el.textContent = option ? `(${option.dataset.timeZone})` : ''
  }

  const label = (v) =>
    `${v.title}${v.sku ? ` (${v.sku})` : ''} — ${
      v.stock === null
        ? select.dataset.untracked
        : select.dataset.stockLabel.replace('STOCK', String(v.stock))
    }`

  let pending
  async function find() {
    const q = search.value.trim()
    pending?.abort()
    pending = new AbortController()
    for (const group of select.querySelectorAll('optgroup[data-connection]')) {
      if (!group.dataset.original) group.dataset.original = group.innerHTML
      if (!q) {
        const chosen = select.value
        group.innerHTML = group.dataset.original
        for (const o of group.options) o.selected = o.value === chosen
        continue
      }
      try {
        const res = await fetch(
          `/api/v1/shop/connections/${group.dataset.connection}/variants?${new URLSearchParams({ q })}`,
          { headers: { accept: 'application/json' }, signal: pending.signal },
        )
        if (!res.ok) continue
        const { variants } = await res.json()
        const chosen = select.value
        const options = variants.map((v) => {
          const value = `${group.dataset.connection}:${v.id}`
          const option = new Option(label(v), value, false, value === chosen)
          option.dataset.stock = v.stock === null ? '' : String(v.stock)
          return option
        })
        // The chosen variant stays chosen even when this search does not find it.
        const kept = [...group.options].find((o) => o.selected && !options.some((n) => n.value === o.value))
        group.replaceChildren(...(kept ? [kept] : []), ...options)
      } catch {
        // A newer search replaced this one, or the shop is away; the listed variants stay.
      }
    }
    showStock()
  }

  if (select && search) {
    search.hidden = false
    let timer
    search.addEventListener('input', () => {
      clearTimeout(timer)
      timer = setTimeout(find, 250)
    })
    select.addEventListener('change', showStock)
  }
  message?.addEventListener('input', showStock)
  page?.addEventListener('change', showZone)
  showStock()
})()
