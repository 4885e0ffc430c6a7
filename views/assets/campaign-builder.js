// Campaign builder: only the chosen kind's fields, quiz questions and answers as rows to add and
// remove, the fallback notes of bilingual texts, and Meta's rules checked while the marketer types.
;(() => {
  const form = document.getElementById('campaign-form')
  if (!form) return

  // Kind: show and enable the fieldsets of the chosen kind only (disabled ones are not submitted).
  function showKind() {
    const chosen =
      form.querySelector('input[name="kind"]:checked') ?? form.querySelector('input[name="kind"]')
    const kind = chosen ? chosen.value : form.dataset.kind
    form.dataset.kind = kind
    for (const part of form.querySelectorAll('[data-kinds]')) {
      const on = part.dataset.kinds.split(' ').includes(kind)
      part.hidden = !on
      if (part.tagName === 'FIELDSET') part.disabled = !on
    }
  }
  for (const radio of form.querySelectorAll('input[name="kind"]')) radio.addEventListener('change', showKind)
  for (const el of form.querySelectorAll('.js-hide')) el.hidden = true
  showKind()
})()
