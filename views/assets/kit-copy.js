// The kit page's copy button: the Clipboard API where the browser allows it (https or localhost),
// else the text is selected so the person can copy it themselves (and execCommand is tried).
document.addEventListener('click', async (event) => {
  const button = event.target.closest('[data-copy]')
  if (!button) return
  const field = document.getElementById(button.dataset.copy)
  const status = button.parentElement.querySelector('.kit-copy-status')
  let copied = false
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(field.value)
      copied = true
    }
  } catch {
    copied = false
  }
  if (!copied) {
    field.focus()
    field.select()
    field.setSelectionRange(0, field.value.length)
    try {
      copied = document.execCommand('copy')
    } catch {
      copied = false
    }
  }
  button.dataset.state = copied ? 'copied' : 'selected'
  if (status) status.textContent = copied ? button.dataset.copied : ''
})
