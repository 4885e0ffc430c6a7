// The draw check that runs in a fan's browser, with WebCrypto: the same computation as the server's
// draw (src/modules/campaigns/draw.ts) from what the verification page publishes. Pure functions
// over a SubtleCrypto, so the unit tests run this very file against the server's implementation.

const encoder = new TextEncoder()

/** Lower-case hexadecimal of a digest. */
export function toHex(buffer) {
  return Array.from(new Uint8Array(buffer), (byte) => byte.toString(16).padStart(2, '0')).join('')
}

/** The commitment: SHA-256 of the seed's hexadecimal text, as `printf %s "$SEED" | sha256sum`. */
export async function commitmentOf(subtle, seed) {
  return toHex(await subtle.digest('SHA-256', encoder.encode(seed)))
}

/**
 * The rows of the public entry list (`ref,kind,disqualified_after_draw,score,time_ms`). Entry numbers
 * are written verbatim (base64url), so a plain split is exact; a row that is not an entry is refused.
 */
export function parseEntryList(csv) {
  const lines = csv.split(/\r?\n/).filter((line) => line !== '')
  if (lines[0] !== 'ref,kind,disqualified_after_draw,score,time_ms') throw new Error('not an entry list')
  return lines.slice(1).map((line) => {
    const [ref = '', kind = '', disqualified = '', score = '', timeMs = ''] = line.split(',')
    if (!/^[A-Za-z0-9_-]{1,200}$/.test(ref)) throw new Error('not an entry number')
    return {
      ref,
      kind,
      disqualifiedAfterDraw: disqualified === '1',
      score: Number(score || 0),
      timeTakenMs: Number(timeMs || 0),
    }
  })
}

/** Every ref's draw key: HMAC-SHA256 with the seed text as key over the ref (`openssl dgst -hmac`). */
export async function drawKeys(subtle, seed, refs) {
  const key = await subtle.importKey('raw', encoder.encode(seed), { name: 'HMAC', hash: 'SHA-256' }, false, [
    'sign',
  ])
  const keys = new Array(refs.length)
  // In slices, so a long list neither floods the crypto queue nor freezes the page.
  const SLICE = 2000
  for (let start = 0; start < refs.length; start += SLICE) {
    const slice = refs.slice(start, start + SLICE)
    const signed = await Promise.all(slice.map((ref) => subtle.sign('HMAC', key, encoder.encode(ref))))
    signed.forEach((mac, i) => {
      keys[start + i] = toHex(mac)
    })
  }
  return keys
}

const byText = (a, b) => (a < b ? -1 : a > b ? 1 : 0)

/**
 * The winners in order: contests by draw key (lowest first, equal keys by ref), quizzes by score
 * (highest), then time taken (least), then draw key; entries disqualified after the draw are skipped.
 */
export async function recomputeWinners(subtle, seed, rows, { quiz, count }) {
  const keys = await drawKeys(
    subtle,
    seed,
    rows.map((row) => row.ref),
  )
  const ranked = rows.map((row, i) => ({ ...row, key: keys[i] }))
  ranked.sort((a, b) =>
    quiz
      ? b.score - a.score || a.timeTakenMs - b.timeTakenMs || byText(a.key, b.key)
      : byText(a.key, b.key) || byText(a.ref, b.ref),
  )
  return ranked
    .filter((row) => !row.disqualifiedAfterDraw)
    .slice(0, count)
    .map((row) => row.ref)
}

/**
 * The whole check of a published draw: the seed matches the commitment, the list holds as many entries
 * as the draw counted, the winners follow from seed and list, and (when given) the fan's own entry is
 * in the list. `problems` names each check that failed.
 */
export async function checkDraw(subtle, published, csv) {
  const rows = parseEntryList(csv)
  const problems = []
  if ((await commitmentOf(subtle, published.seed)) !== published.commitment) problems.push('commitment')
  if (rows.length !== published.entryCount) problems.push('count')
  const winners = await recomputeWinners(subtle, published.seed, rows, {
    quiz: published.quiz,
    count: published.winnerCount,
  })
  const same =
    winners.length === published.winners.length && winners.every((w, i) => w === published.winners[i])
  if (!same) problems.push('winners')
  if (published.mine && !rows.some((row) => row.ref === published.mine)) problems.push('mine')
  return { correct: problems.length === 0, problems, winners, entries: rows.length }
}
