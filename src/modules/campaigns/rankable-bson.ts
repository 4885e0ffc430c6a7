// Reads the draw's projected entries ({ ref, score?, timeTakenMs? }) straight from the driver's raw
// BSON: half the draw's time over a million entries went into building documents it reads two
// fields of. Anything unexpected is decoded by the driver's own BSON reader instead.
import { mongo } from 'mongoose'
import type { RankableEntry } from './entry-repository.js'

/** One flat document of strings, numbers and nulls; any other shape goes to the full decoder. */
export function readRankable(doc: Buffer): RankableEntry {
  const entry: Record<string, unknown> = {}
  let at = 4
  while (at < doc.length - 1) {
    const type = doc[at] as number
    const nameEnd = doc.indexOf(0, at + 1)
    const name = doc.toString('latin1', at + 1, nameEnd)
    at = nameEnd + 1
    if (type === 0x02) {
      const length = doc.readInt32LE(at)
      entry[name] = doc.toString('utf8', at + 4, at + 3 + length)
      at += 4 + length
    } else if (type === 0x10) {
      entry[name] = doc.readInt32LE(at)
      at += 4
    } else if (type === 0x01) {
      entry[name] = doc.readDoubleLE(at)
      at += 8
    } else if (type === 0x0a) {
      entry[name] = null
    } else {
      return mongo.BSON.deserialize(doc, { promoteLongs: true }) as unknown as RankableEntry
    }
  }
  return entry as unknown as RankableEntry
}
