// Live poll results by short polling: every 5 seconds the counts are refreshed in place.
;(() => {
  const section = document.getElementById('poll-results')
  const list = section?.querySelector('ul.poll')
  if (!section || !list) return
  const refresh = async () => {
    try {
      const response = await fetch(section.dataset.results, { headers: { accept: 'application/json' } })
      if (!response.ok) return
      const results = await response.json()
      if (!results.visible) return
      const items = list.querySelectorAll('li')
      results.options.forEach((option, i) => {
        const item = items[i]
        if (!item) return
        item.querySelector('.votes').textContent = String(option.votes)
        item.querySelector('.percent').textContent = String(option.percent)
        item.querySelector('meter').value = option.percent
      })
      const total = section.querySelector('.total')
      if (total) total.textContent = String(results.total)
    } catch {
      // Offline for a moment: the next tick tries again.
    }
  }
  setInterval(refresh, 5000)
})()
