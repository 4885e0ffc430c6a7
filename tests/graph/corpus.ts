// The recorded Graph corpus in tests/fixtures/graph/: every file is an envelope with its source
// (see SOURCES.md), whether it was copied or written from documentation, and the recorded answer.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { GraphErrorKind } from '../../src/graph/index.js'

export const CORPUS_DIR = join(import.meta.dirname, '..', 'fixtures', 'graph')

export interface Recording {
  name: string
  source: string
  written: boolean
  note?: string
  request?: { method: string; path: string; query?: Record<string, string>; match?: Record<string, string> }
  status?: number
  headers?: Record<string, string>
  /** for errors: the kind Fanfare's client must give it */
  expectKind?: GraphErrorKind
  // biome-ignore lint/suspicious/noExplicitAny: recorded JSON is inspected freely
  body?: any
  /** webhooks only: the exact bytes Meta sent, when they matter (escaping) */
  raw?: string
  expect?: Record<string, string>
}

function load(dir: 'responses' | 'webhooks'): Map<string, Recording> {
  const out = new Map<string, Recording>()
  for (const file of readdirSync(join(CORPUS_DIR, dir)).sort()) {
    if (!file.endsWith('.json')) continue
    const name = file.slice(0, -'.json'.length)
    out.set(name, { name, ...JSON.parse(readFileSync(join(CORPUS_DIR, dir, file), 'utf8')) })
  }
  return out
}

export const responses = load('responses')
export const webhooks = load('webhooks')

export function response(name: string): Recording {
  const found = responses.get(name)
  if (!found) throw new Error(`no recorded response ${name}`)
  return found
}

export function webhook(name: string): Recording {
  const found = webhooks.get(name)
  if (!found) throw new Error(`no recorded webhook ${name}`)
  return found
}

/** The bytes of a recorded webhook delivery: the raw text when recorded, else its JSON. */
export function webhookBytes(recording: Recording): Buffer {
  return Buffer.from(recording.raw ?? JSON.stringify(recording.body), 'utf8')
}
