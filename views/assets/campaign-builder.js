// Campaign builder: only the chosen kind's fields, quiz questions and answers as rows to add and
// remove, the fallback notes of bilingual texts, and Meta's rules checked while the marketer types.
// Without this script the server does all of it (spare rows, "add more", per-kind validation).
;(() => {
  const form = document.getElementById('campaign-form')
  if (!form) return
  const $$ = (selector, root = form) => [...root.querySelectorAll(selector)]

  // Kind: show and enable the parts of the chosen kind only (a disabled fieldset is not submitted).
  function showKind() {
    const chosen =
      form.querySelector('input[name="kind"]:checked') ?? form.querySelector('input[name="kind"]')
    const kind = chosen ? chosen.value : form.dataset.kind
    form.dataset.kind = kind
    for (const part of $$('[data-kinds]')) {
      const on = part.dataset.kinds.split(' ').includes(kind)
      part.hidden = !on
      if (part.tagName === 'FIELDSET') part.disabled = !on
    }
    check()
  }

  // Rows: renumber names, ids and labels after a change, so the server reads them in order.
  const ATTRS = ['name', 'id', 'for', 'aria-describedby', 'data-fallback-for']
  function renumber(list) {
    const kind = list.dataset.rows
    const rows = $$(':scope > [data-row]', list)
    rows.forEach((row, i) => {
      const old = row.dataset.index
      if (old === String(i)) return
      const swap =
        kind === 'answers'
          ? [
              [`[options][${old}]`, `[options][${i}]`],
              [`-options-${old}-`, `-options-${i}-`],
            ]
          : [
              [`${kind}[${old}]`, `${kind}[${i}]`],
              [`-${kind}-${old}`, `-${kind}-${i}`],
              [`slots[answers][${old}]`, `slots[answers][${i}]`],
            ]
      for (const el of [row, ...row.querySelectorAll('*')]) {
        for (const attr of ATTRS) {
          const value = el.getAttribute(attr)
          if (value === null) continue
          el.setAttribute(
            attr,
            swap.reduce((v, [from, to]) => v.split(from).join(to), value),
          )
        }
      }
      if (kind === 'answers') {
        const radio = row.querySelector('input[type="radio"]')
        if (radio) radio.value = String(i)
      }
      // Labels say "Vraag 2, antwoord 3": the row's own number is the 1st (or, for answers, 2nd) one.
      const nth = kind === 'answers' ? 1 : 0
      for (const label of row.querySelectorAll('label, legend')) {
        for (const node of label.childNodes) {
          if (node.nodeType !== Node.TEXT_NODE) continue
          let seen = -1
          node.textContent = node.textContent.replace(/\d+/g, (n) => {
            seen += 1
            return seen === nth ? String(i + 1) : n
          })
        }
      }
      row.dataset.index = String(i)
    })
    const slots = list.parentElement.querySelector(
      kind === 'answers' ? 'input[name^="slots[answers]"]' : `input[name="slots[${kind}]"]`,
    )
    if (slots) slots.value = String(rows.length)
  }

  function fillTemplate(id, values) {
    const html = Object.entries(values).reduce(
      (text, [key, value]) => text.split(key).join(String(value)),
      document.getElementById(id).innerHTML,
    )
    const holder = document.createElement('ol')
    holder.innerHTML = html
    return holder.firstElementChild
  }

  function addRow(button) {
    const fieldset = button.closest('fieldset')
    const list = fieldset.querySelector('[data-rows]')
    const count = $$(':scope > [data-row]', list).length
    let row
    if (list.dataset.rows === 'answers') {
      const question = button.closest('.question')
      const q = Number(question.dataset.index)
      row = fillTemplate('answer-template', { __Q__: q, __N__: q + 1, __A__: count, __M__: count + 1 })
    } else {
      const id = list.dataset.rows === 'questions' ? 'question-template' : 'poll-template'
      row = fillTemplate(id, { __Q__: count, __N__: count + 1 })
    }
    list.append(row)
    enhance(row)
    renumber(list)
    row.querySelector('input, textarea')?.focus()
  }

  function enhance(root) {
    for (const button of $$('[data-remove-row]', root)) button.hidden = false
  }

  form.addEventListener('click', (event) => {
    const add = event.target.closest('[data-add-row]')
    if (add) {
      event.preventDefault()
      addRow(add)
      return
    }
    const remove = event.target.closest('[data-remove-row]')
    if (remove) {
      const row = remove.closest('[data-row]')
      const list = row.parentElement
      row.remove()
      renumber(list)
      check()
    }
  })

  // Bilingual texts: say when fans in one language will read the other.
  function fallbackNotes() {
    for (const note of $$('[data-fallback-for]')) {
      const mine = document.getElementById(note.dataset.fallbackFor)
      const otherId = mine?.id.endsWith('Nl') ? mine.id.replace(/Nl$/, 'En') : mine?.id.replace(/En$/, 'Nl')
      const theirs = otherId ? document.getElementById(otherId) : null
      note.hidden = !(mine && theirs && !mine.value.trim() && theirs.value.trim())
    }
  }

  // Live check: the texts so far against Meta's rules (and the Dutch code), through the check endpoint.
  const findings = document.getElementById('live-findings')
  const csrf = form.querySelector('input[name="_csrf"]').value
  const pathOf = (name) => name.replace(/\]\[/g, '.').replace(/\[/g, '.').replace(/\]/g, '')
  const fieldValue = (name) => form.elements.namedItem(name)?.value ?? ''
  let timer
  let pending
  function check() {
    clearTimeout(timer)
    timer = setTimeout(runCheck, 350)
  }
  async function runCheck() {
    const texts = {}
    for (const el of $$('[data-check="text"]')) {
      if (el.disabled || el.closest('fieldset:disabled') || !el.value.trim()) continue
      texts[pathOf(el.name)] = el.value
    }
    const kind = form.dataset.kind
    const body = {
      pageId: fieldValue('pageId') || undefined,
      kind,
      entryMethod: kind === 'contest' ? fieldValue('entryMethod') : 'login',
      texts,
      opensAt: fieldValue('opensAt') || undefined,
      prizeValueEuro: fieldValue('prizeValueEuro') || undefined,
      winnerCount: fieldValue('winnerCount') || undefined,
      entryCostEuro: fieldValue('entryCostEuro') || undefined,
      minAge: fieldValue('minAge') || undefined,
      product: form.querySelector('input[name="product"]:checked')?.value || undefined,
      closesAt: fieldValue('closesAt') || undefined,
    }
    pending?.abort()
    pending = new AbortController()
    try {
      const res = await fetch(form.dataset.checkUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json', 'x-csrf-token': csrf },
        body: JSON.stringify(body),
        signal: pending.signal,
      })
      if (!res.ok) return
      show(await res.json())
    } catch {
      // A newer check replaced this one, or the network is away: the server checks on saving anyway.
    }
  }

  function show(result) {
    for (const out of $$('.live-check')) {
      out.textContent = ''
      out.closest('.field')?.classList.remove('has-warning')
    }
    const list = findings.querySelector('ul')
    list.replaceChildren()
    for (const f of result.findings) {
      const id = `f-${f.field.replaceAll('.', '-')}`
      const out = document.getElementById(`${id}-check`)
      if (out) {
        out.textContent = out.textContent ? `${out.textContent} ${f.message}` : f.message
        out.closest('.field')?.classList.add('has-warning')
      }
      const item = document.createElement('li')
      const link = document.createElement('a')
      link.href = `#${id}`
      link.textContent = f.label
      item.append(link, `: ${f.message}`)
      list.append(item)
    }
    for (const w of result.warnings) {
      const item = document.createElement('li')
      item.textContent = w.message
      list.append(item)
    }
    findings.hidden = list.children.length === 0
  }

  // Product picker: search the connected shop's variants and offer them as choices, stock beside each.
  const choices = form.querySelector('[data-product-choices]')
  const note = form.querySelector('[data-product-note]')
  async function searchProducts() {
    const query = fieldValue('productQuery').trim()
    const shop = fieldValue('productShop')
    if (!choices || !query || !shop) return
    const url = `${form.querySelector('[data-product-search-url]').dataset.productSearchUrl}${encodeURIComponent(shop)}/variants?q=${encodeURIComponent(query)}`
    note.textContent = ''
    try {
      const res = await fetch(url, { headers: { accept: 'application/json' } })
      if (!res.ok) throw new Error(String(res.status))
      const { variants } = await res.json()
      // The chosen product (and "no product") stay; earlier results make way for these.
      for (const item of $$('li', choices)) {
        const radio = item.querySelector('input')
        if (radio.value && !radio.checked) item.remove()
      }
      for (const v of variants) {
        const value = `${shop}:${v.id}`
        if (form.querySelector(`input[name="product"][value="${CSS.escape(value)}"]`)) continue
        const item = document.createElement('li')
        const label = document.createElement('label')
        label.className = 'choice'
        const radio = document.createElement('input')
        radio.type = 'radio'
        radio.name = 'product'
        radio.value = value
        const stock = document.createElement('span')
        stock.className = 'muted'
        stock.textContent = ` · ${v.stock === null ? form.dataset.stockUnknown : form.dataset.stockText.replace('{n}', v.stock)}`
        label.append(radio, ` ${v.title}`, stock)
        item.append(label)
        choices.append(item)
      }
      if (variants.length === 0) note.textContent = form.dataset.noResults.replace('{q}', query)
    } catch {
      // The shop or the network is away: said beside the search; the form keeps its input.
      note.textContent = form.dataset.searchFailed
    }
  }
  form.querySelector('[data-product-search]')?.addEventListener('click', (event) => {
    event.preventDefault()
    searchProducts()
  })
  form.querySelector('#f-productQuery')?.addEventListener('keydown', (event) => {
    if (event.key !== 'Enter') return
    event.preventDefault()
    searchProducts()
  })

  for (const radio of $$('input[name="kind"]')) radio.addEventListener('change', showKind)
  form.addEventListener('input', (event) => {
    // A refused form's message is about the text as it was sent; the live check takes over.
    const stale = event.target.id && document.getElementById(`${event.target.id}-error`)
    if (stale) stale.hidden = true
    if (event.target.matches('[lang]')) fallbackNotes()
    if (event.target.matches('[data-check]')) check()
  })
  form.addEventListener('change', (event) => {
    if (event.target.matches('select, input[type="datetime-local"], input[name="product"]')) check()
  })
  for (const el of $$('.js-hide')) el.hidden = true
  enhance(form)
  showKind()
  fallbackNotes()
  // A refused form already names every problem; the live check starts once the marketer types.
  if (document.getElementById('error-summary')) clearTimeout(timer)
})()
