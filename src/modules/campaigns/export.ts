// The two CSV downloads, streamed from a cursor: the public entry list of a draw (from which anyone
// recomputes the winners) and the marketer's contact export. Readable.from pulls the next row only
// when the response wants more, so a slow client holds back the cursor instead of filling memory.
import { Readable } from 'node:stream'
import { csvRow, csvToken } from '../../csv.js'
import type { Campaign } from './campaign-repository.js'
import type { EntryRepository } from './entry-repository.js'

export const ENTRY_LIST_HEADER = 'ref,kind,disqualified_after_draw,score,time_ms'
export const CONTACT_EXPORT_HEADER = 'ref,kind,name,status,winner,entered_at,country,email'

/** Rows are joined into chunks of about this many characters: fewer, larger writes to the socket. */
const CHUNK_CHARS = 64_000

async function* chunked(header: string, lines: AsyncIterable<string>): AsyncGenerator<string> {
  yield `${header}\n`
  let chunk = ''
  for await (const line of lines) {
    chunk += `${line}\n`
    if (chunk.length > CHUNK_CHARS) {
      yield chunk
      chunk = ''
    }
  }
  if (chunk) yield chunk
}

/** CSV of the draw's entries, ordered by ref: no names, no ids, only what recomputing needs. */
export function entryListStream(entries: EntryRepository, campaign: Campaign): Readable {
  const quiz = campaign.kind === 'quiz'
  async function* lines() {
    for await (const e of entries.drawList(campaign.id))
      yield `${csvToken(e.ref)},${csvRow([
        e.entrant.kind,
        e.disqualification?.afterDraw ? 1 : 0,
        quiz ? (e.score ?? 0) : '',
        quiz ? (e.timeTakenMs ?? 0) : '',
      ])}`
  }
  return Readable.from(chunked(ENTRY_LIST_HEADER, lines()), { objectMode: false, highWaterMark: CHUNK_CHARS })
}

/**
 * The marketer's export of a campaign's entries: only what is needed to contact winners (the e-mail
 * address only for winners), whatever the number of entries.
 */
export function contactExportStream(entries: EntryRepository, campaign: Campaign): Readable {
  const winners = new Set(campaign.winners ?? [])
  async function* lines() {
    for await (const e of entries.contacts(campaign.id)) {
      const winner = winners.has(e.ref)
      yield `${csvToken(e.ref)},${csvRow([
        e.entrant.kind,
        e.entrant.name,
        e.status,
        winner ? 1 : 0,
        e.createdAt?.toISOString(),
        e.country,
        winner ? e.email : '',
      ])}`
    }
  }
  return Readable.from(chunked(CONTACT_EXPORT_HEADER, lines()), {
    objectMode: false,
    highWaterMark: CHUNK_CHARS,
  })
}
