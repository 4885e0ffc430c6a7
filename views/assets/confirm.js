// A small accessible confirmation before an irreversible action: a form marked with data-confirm
// opens a native <dialog> (focus moves into it, Escape or Cancel closes it and focus returns to the
// button); "yes" adds confirm=yes and sends the form. Without JavaScript the server asks on its own
// confirm page instead (src/irreversible.ts).
;(() => {
  let dialog = null
  let pending = null
  let opener = null

  const build = () => {
    dialog = document.createElement('dialog')
    dialog.className = 'confirm-dialog'
    dialog.setAttribute('aria-labelledby', 'confirm-dialog-question')
    dialog.setAttribute('aria-describedby', 'confirm-dialog-consequence')
    const question = document.createElement('h2')
    question.id = 'confirm-dialog-question'
    const consequence = document.createElement('p')
    consequence.id = 'confirm-dialog-consequence'
    const undo = document.createElement('p')
    undo.className = 'muted confirm-dialog-undo'
    const actions = document.createElement('form')
    actions.method = 'dialog'
    actions.className = 'confirm-dialog-actions'
    const cancel = document.createElement('button')
    cancel.value = 'cancel'
    cancel.className = 'secondary confirm-dialog-cancel'
    const yes = document.createElement('button')
    yes.value = 'yes'
    yes.className = 'danger confirm-dialog-yes'
    actions.append(cancel, yes)
    dialog.append(question, consequence, undo, actions)
    document.body.append(dialog)
    dialog.addEventListener('close', () => {
      const form = pending
      pending = null
      if (dialog.returnValue === 'yes' && form) {
        let field = form.querySelector('input[name="confirm"]')
        if (!field) {
          field = document.createElement('input')
          field.type = 'hidden'
          field.name = 'confirm'
          form.append(field)
        }
        field.value = 'yes'
        // submit() fires no submit event, so this handler does not ask again.
        form.submit()
      } else if (opener) {
        opener.focus()
      }
    })
  }

  document.addEventListener('submit', (event) => {
    const form = event.target
    if (!(form instanceof HTMLFormElement) || !form.dataset.confirm) return
    if (typeof HTMLDialogElement !== 'function') return // an old browser: the server's confirm page asks
    event.preventDefault()
    if (!dialog) build()
    pending = form
    opener = event.submitter ?? form.querySelector('button[type="submit"], button:not([type])')
    dialog.querySelector('#confirm-dialog-question').textContent = form.dataset.confirmQuestion ?? ''
    dialog.querySelector('#confirm-dialog-consequence').textContent = form.dataset.confirmConsequence ?? ''
    dialog.querySelector('.confirm-dialog-undo').textContent = form.dataset.confirmUndo ?? ''
    dialog.querySelector('.confirm-dialog-cancel').textContent = form.dataset.confirmCancel ?? 'Cancel'
    dialog.querySelector('.confirm-dialog-yes').textContent = form.dataset.confirmButton ?? 'OK'
    dialog.returnValue = ''
    dialog.showModal()
    // The safe choice has the focus: Enter or Space on it does nothing irreversible.
    dialog.querySelector('.confirm-dialog-cancel').focus()
  })
})()
