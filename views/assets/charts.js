// Draws every <canvas data-chart="…"> with Chart.js (served from node_modules). The data comes
// from the page (a JSON attribute, escaped like any other); the table beside each chart is the
// accessible version. kind: "stacked" (bars per day, stacked), "bars", "hbars" (horizontal).
;(() => {
  if (!window.Chart) return
  const css = getComputedStyle(document.documentElement)
  const colour = (tone) =>
    ({
      positive: css.getPropertyValue('--good').trim() || '#1b7f3b',
      negative: css.getPropertyValue('--bad').trim() || '#b3261e',
      neutral: '#aab2c0',
      brand: css.getPropertyValue('--brand').trim() || '#1763d1',
    })[tone] || '#5b6475'
  for (const canvas of document.querySelectorAll('canvas[data-chart]')) {
    const spec = JSON.parse(canvas.dataset.chart)
    const stacked = spec.kind === 'stacked'
    const horizontal = spec.kind === 'hbars'
    const chart = new window.Chart(canvas, {
      type: 'bar',
      data: {
        labels: spec.labels,
        datasets: spec.series.map((s) => ({ label: s.label, data: s.data, backgroundColor: colour(s.tone) })),
      },
      options: {
        indexAxis: horizontal ? 'y' : 'x',
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        plugins: { legend: { display: spec.series.length > 1, position: 'bottom' } },
        scales: {
          x: {
            stacked,
            beginAtZero: true,
            ticks: horizontal ? { precision: 0 } : { autoSkip: true, maxRotation: 0 },
          },
          y: { stacked, beginAtZero: true, ticks: horizontal ? { autoSkip: false } : { precision: 0 } },
        },
      },
    })
    canvas.dataset.drawn = String(chart.data.labels.length)
  }
})()
