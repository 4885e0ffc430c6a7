// Loads the public labelled sets the classifier is trained and judged on, named by source, and splits them.
import { readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Sentiment } from '../types.js'

export interface LabelledText {
  text: string
  language: 'nl' | 'en'
  label: Sentiment
  /** Only sets written about webshops say whether a text is a complaint. */
  complaint?: boolean
  source: string
}

/** A labelled set, its licence and whether the shipped weights may learn from it. */
export interface Source {
  name: string
  language: 'nl' | 'en'
  licence: string
  /** Test-only sets are never trained on, not even in the leave-one-source-out runs. */
  trainable: boolean
  load(): LabelledText[]
}

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../..')
export const FIXTURES = join(repoRoot, 'tests/fixtures/classifier')

/** Mean crowd rating (-4..+4) beyond ±0.5 counts as positive or negative. */
const NEUTRAL_RATING = 0.5

/** VADER's crowd-rated texts: id, mean rating, text (MIT, vaderSentiment 3.3.2). */
function loadVader(file: string, source: string): LabelledText[] {
  const items: LabelledText[] = []
  for (const line of readFileSync(join(FIXTURES, 'vader-icwsm2014', file), 'latin1').split(/\r?\n/)) {
    const [, rating, ...rest] = line.split('\t')
    const text = rest.join('\t').trim()
    const value = Number(rating)
    if (!text || !Number.isFinite(value)) continue
    const label: Sentiment =
      value >= NEUTRAL_RATING ? 'positive' : value <= -NEUTRAL_RATING ? 'negative' : 'neutral'
    items.push({ text: decodeEntities(text), language: 'en', label, source })
  }
  return items
}

// XED's Plutchik emotions: 1 anger, 2 anticipation, 3 disgust, 4 fear, 5 joy, 6 sadness, 7 surprise, 8 trust.
const XED_POSITIVE = new Set([5, 8])
const XED_NEGATIVE = new Set([1, 3, 4, 6])

/**
 * XED subtitle lines (CC BY 4.0): only joy/trust is positive, only anger/disgust/fear/sadness is
 * negative; lines that mix both sides or carry anticipation/surprise are left out.
 */
function loadXed(file: string, language: 'nl' | 'en', source: string): LabelledText[] {
  const items: LabelledText[] = []
  const seen = new Set<string>()
  for (const line of readFileSync(join(FIXTURES, 'xed', file), 'utf8').split(/\r?\n/)) {
    const tab = line.lastIndexOf('\t')
    if (tab < 0) continue
    const text = line.slice(0, tab).replace(/^-\s*/, '').trim()
    const labels = line
      .slice(tab + 1)
      .split(',')
      .map((x) => Number(x.trim()))
    if (!text || seen.has(text) || labels.some((x) => !Number.isInteger(x) || x === 0)) continue
    const label = labels.every((x) => XED_POSITIVE.has(x))
      ? 'positive'
      : labels.every((x) => XED_NEGATIVE.has(x))
        ? 'negative'
        : undefined
    if (!label || !/\p{L}{2}/u.test(text)) continue
    seen.add(text)
    items.push({ text, language, label, source })
  }
  return items
}

/** Fanfare's own webshop comments: sentiment, complaint (0/1), text. Test only. */
function loadWebshop(file: string, language: 'nl' | 'en', source: string): LabelledText[] {
  const items: LabelledText[] = []
  for (const line of readFileSync(join(FIXTURES, 'fanfare-webshop', file), 'utf8').split(/\r?\n/)) {
    if (!line || line.startsWith('#')) continue
    const [label, complaint, text] = line.split('\t')
    if (!text || (label !== 'positive' && label !== 'negative' && label !== 'neutral')) continue
    items.push({ text, language, label, complaint: complaint === '1', source })
  }
  return items
}

/** Dutch earphone reviews with stars (MIT): 4–5 positive, 1–2 negative, 3 neutral. Test only. */
function loadStarReviews(): LabelledText[] {
  const items: LabelledText[] = []
  const file = join(FIXTURES, 'dutch-sentiment-analysis', 'product_reviews.tsv')
  for (const line of readFileSync(file, 'utf8').split(/\r?\n/)) {
    if (!line || line.startsWith('#')) continue
    const [stars, text] = line.split('\t')
    const n = Number(stars)
    if (!text || !Number.isInteger(n)) continue
    const label: Sentiment = n >= 4 ? 'positive' : n <= 2 ? 'negative' : 'neutral'
    items.push({ text, language: 'nl', label, source: 'dsa-reviews-nl' })
  }
  return items
}

export const SOURCES: readonly Source[] = [
  {
    name: 'vader-tweets',
    language: 'en',
    licence: 'MIT',
    trainable: true,
    load: () => loadVader('tweets_GroundTruth.txt', 'vader-tweets'),
  },
  {
    name: 'vader-amazon',
    language: 'en',
    licence: 'MIT',
    trainable: true,
    load: () => loadVader('amazonReviewSnippets_GroundTruth.txt', 'vader-amazon'),
  },
  {
    name: 'vader-movies',
    language: 'en',
    licence: 'MIT',
    trainable: true,
    load: () => loadVader('movieReviewSnippets_GroundTruth.txt', 'vader-movies'),
  },
  {
    name: 'xed-en',
    language: 'en',
    licence: 'CC BY 4.0',
    trainable: true,
    load: () => loadXed('en-annotated.tsv', 'en', 'xed-en'),
  },
  {
    name: 'xed-nl',
    language: 'nl',
    licence: 'CC BY 4.0',
    trainable: true,
    load: () => loadXed('nl-projections.tsv', 'nl', 'xed-nl'),
  },
  {
    name: 'dsa-reviews-nl',
    language: 'nl',
    licence: 'MIT',
    trainable: false,
    load: loadStarReviews,
  },
  {
    name: 'fanfare-webshop-nl',
    language: 'nl',
    licence: 'the project’s own',
    trainable: false,
    load: () => loadWebshop('nl.tsv', 'nl', 'fanfare-webshop-nl'),
  },
  {
    name: 'fanfare-webshop-en',
    language: 'en',
    licence: 'the project’s own',
    trainable: false,
    load: () => loadWebshop('en.tsv', 'en', 'fanfare-webshop-en'),
  },
]

export function sourceNamed(name: string): Source {
  const source = SOURCES.find((s) => s.name === name)
  if (!source) throw new Error(`unknown classifier source ${name}`)
  return source
}

/** Every text of the sets the shipped weights may learn from. */
export function loadTrainable(): LabelledText[] {
  return SOURCES.filter((s) => s.trainable).flatMap((s) => s.load())
}

/** The English sets from VADER (kept for callers that only want those). */
export function loadEnglish(): LabelledText[] {
  return ['vader-tweets', 'vader-amazon'].flatMap((name) => sourceNamed(name).load())
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

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", '#39': "'" }
function decodeEntities(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|apos|#39);/g, (_, name: string) => ENTITIES[name] ?? '')
}
