// The "More" menu closes like any menu: on Escape (focus back on it) and on a click elsewhere.
const menus = () => document.querySelectorAll('details.menu-more[open]')
document.addEventListener('click', (event) => {
  for (const menu of menus()) if (!menu.contains(event.target)) menu.open = false
})
document.addEventListener('keydown', (event) => {
  if (event.key !== 'Escape') return
  for (const menu of menus()) {
    menu.open = false
    menu.querySelector('summary')?.focus()
  }
})
