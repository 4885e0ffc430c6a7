// Cursor paging over an id list kept in ascending seq order: cursors encode the seq, so finding
// the position is a binary search, never a scan from the start.
import { invalidParameter } from './errors.js'

export interface PageRequest {
  ids: string[]
  seqOf: (id: string) => number
  include: (id: string) => boolean
  /** newest first */
  reverse: boolean
  limit: number
  after?: string
  before?: string
}

export interface PageResult {
  ids: string[]
  cursors?: { before: string; after: string }
  hasNext: boolean
  hasPrevious: boolean
}

export function encodeCursor(seq: number): string {
  return Buffer.from(String(seq)).toString('base64url')
}

function decodeCursor(cursor: string): number {
  const seq = Number(Buffer.from(cursor, 'base64url').toString())
  if (!Number.isFinite(seq)) throw invalidParameter('Invalid cursor')
  return seq
}

/** Index of the first id whose seq is greater than `seq` (ascending list). */
function upperBound(ids: string[], seqOf: (id: string) => number, seq: number): number {
  let low = 0
  let high = ids.length
  while (low < high) {
    const mid = (low + high) >>> 1
    if (seqOf(ids[mid] as string) <= seq) low = mid + 1
    else high = mid
  }
  return low
}

export function pageThrough(request: PageRequest): PageResult {
  const { ids, seqOf, include, reverse, limit } = request
  const step = reverse ? -1 : 1
  const inRange = (index: number) => index >= 0 && index < ids.length

  // position of the first candidate in walking order, and the walking direction
  let start = reverse ? ids.length - 1 : 0
  let direction = step
  if (request.after) {
    const bound = upperBound(ids, seqOf, decodeCursor(request.after))
    start = reverse ? lowerIndex(ids, seqOf, decodeCursor(request.after)) : bound
  } else if (request.before) {
    // walk backwards from just before the cursor, then flip the result
    const seq = decodeCursor(request.before)
    start = reverse ? upperBound(ids, seqOf, seq) : lowerIndex(ids, seqOf, seq)
    direction = -step
  }

  const picked: string[] = []
  let index = start
  for (; inRange(index) && picked.length < limit; index += direction) {
    const id = ids[index] as string
    if (include(id)) picked.push(id)
  }
  let more = false
  for (; inRange(index); index += direction) {
    if (include(ids[index] as string)) {
      more = true
      break
    }
  }
  if (direction !== step) picked.reverse()
  const first = picked[0]
  const last = picked[picked.length - 1]
  const usedCursor = Boolean(request.after || request.before)
  return {
    ids: picked,
    cursors:
      first && last ? { before: encodeCursor(seqOf(first)), after: encodeCursor(seqOf(last)) } : undefined,
    hasNext: direction === step ? more : usedCursor,
    hasPrevious: direction === step ? usedCursor : more,
  }
}

/** Index of the last id whose seq is smaller than `seq` (ascending list), -1 when none. */
function lowerIndex(ids: string[], seqOf: (id: string) => number, seq: number): number {
  let low = 0
  let high = ids.length
  while (low < high) {
    const mid = (low + high) >>> 1
    if (seqOf(ids[mid] as string) < seq) low = mid + 1
    else high = mid
  }
  return low - 1
}
