// The verification page's own check: reads what the page publishes, downloads the entry list and
// recomputes the draw with WebCrypto (draw-check.js), then shows one plain verdict. Every text is
// already on the page in the fan's language; this only shows the right ones.
import { checkDraw } from './draw-check.js'

const box = document.getElementById('browser-check')
if (box && window.crypto?.subtle) {
  const show = (id) => {
    const element = document.getElementById(id)
    if (element) element.hidden = false
  }
  const verdict = document.getElementById('verdict')
  box.hidden = false
  const published = {
    seed: box.dataset.seed,
    commitment: box.dataset.commitment,
    entryCount: Number(box.dataset.entryCount),
    winnerCount: Number(box.dataset.winnerCount),
    quiz: box.dataset.quiz === 'true',
    winners: JSON.parse(box.dataset.winners || '[]'),
    mine: box.dataset.mine || null,
  }
  const finish = (state) => {
    document.getElementById('verdict-checking').hidden = true
    verdict.className = `verdict ${state}`
    box.dataset.verdict = state
  }
  fetch(box.dataset.entries, { headers: { accept: 'text/csv' } })
    .then((response) => {
      if (!response.ok) throw new Error(`entry list: ${response.status}`)
      return response.text()
    })
    .then((csv) => checkDraw(window.crypto.subtle, published, csv))
    .then((result) => {
      finish(result.correct ? 'ok' : 'wrong')
      show(result.correct ? 'verdict-ok' : 'verdict-wrong')
      for (const problem of result.problems) show(`problem-${problem}`)
      if (result.correct && published.mine) show('verdict-mine')
    })
    .catch(() => {
      finish('wrong')
      show('verdict-unreadable')
    })
}
