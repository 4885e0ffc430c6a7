// The goals dashboard's chart: baseline → actual → target per week, drawn with Chart.js v4.
;(() => {
  const canvas = document.getElementById('goal-chart')
  if (!canvas || typeof window.Chart !== 'function') return
  const data = JSON.parse(canvas.dataset.chart)
  const datasets = [
    {
      label: canvas.dataset.labelActual,
      data: data.actual,
      borderColor: '#1f6feb',
      backgroundColor: '#1f6feb',
      tension: 0.2,
    },
    {
      label: canvas.dataset.labelTarget,
      data: data.target,
      borderColor: '#2da44e',
      borderDash: [6, 4],
      pointRadius: 0,
    },
  ]
  if (data.baseline.some((v) => v !== null))
    datasets.push({
      label: canvas.dataset.labelBaseline,
      data: data.baseline,
      borderColor: '#8c959f',
      pointRadius: 0,
    })
  new window.Chart(canvas, {
    type: 'line',
    data: { labels: data.labels, datasets },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      scales: { y: { beginAtZero: data.unit === 'cents' } },
    },
  })
})()
