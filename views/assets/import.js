// Import form: a chosen CSV file is read into the text area, so the form posts plain text.
;(() => {
  const file = document.getElementById('i-file')
  const text = document.getElementById('f-csv')
  if (!file || !text) return
  file.addEventListener('change', async () => {
    const chosen = file.files?.[0]
    if (chosen) text.value = await chosen.text()
  })
})()
