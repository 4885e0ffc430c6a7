// The only place that touches campaign entries: entering once (the unique index decides), the
// queries of the marketer's pages, streams for the draw and the exports, and pseudonymisation.
import { type Connection, type mongo, Types } from 'mongoose'
import { initModels, isDuplicateKey, modelOn, objectIdOrNull } from '../../store.js'
import { type EntrantKind, type EntryDoc, EntrySchema } from './model.js'
import { readRankable } from './rankable-bson.js'

/** An entry as the rest of Fanfare sees it. */
export type Entry = Omit<EntryDoc, '_id' | 'campaignId' | 'entrantKey'> & { id: string; campaignId: string }

export type NewEntry = Pick<Entry, 'campaignId' | 'ref' | 'entrant'> &
  Partial<
    Pick<
      Entry,
      | 'confirmedAge'
      | 'country'
      | 'email'
      | 'ipHash'
      | 'deviceHash'
      | 'commentId'
      | 'pollChoice'
      | 'createdAt'
      | 'rankKey'
    >
  >

export type Answer = {
  question: number
  choice: number
  correct: boolean
  late: boolean
  servedAt: Date
  answeredAt: Date
}

/** What the draw needs of an entry, nothing more. */
export type RankableEntry = { ref: string; score?: number; timeTakenMs?: number }

/** A candidate of the indexed draw: its stored key, or null when it was stored without one. */
export type DrawCandidate = { id: string; ref: string; rankKey: string | null }

/** A row of the public entry list (see export.ts). */
export type DrawListRow = Pick<Entry, 'ref' | 'score' | 'timeTakenMs'> & {
  entrant: { kind: EntrantKind }
  disqualification?: { afterDraw?: boolean }
}

/** A row of the marketer's contact export. */
export type ContactRow = Pick<Entry, 'ref' | 'entrant' | 'status' | 'createdAt' | 'country' | 'email'>

/** The fields pseudonymisation overwrites (see privacy.ts). */
export type Pseudonymised = {
  'entrant.id': string
  'entrant.name': string
  email: null
  country: null
  ipHash: null
  deviceHash: null
  commentId: null
  pseudonymisedAt: Date
}

type StoredEntry = EntryDoc & { __v?: unknown }

// The draw key never leaves the repository: before the draw it would tell a fan their chances.
// Nor does the entrant key: it only serves the unique index.
const entryOf = (doc: StoredEntry): Entry => {
  const { _id, campaignId, __v: _v, rankKey: _key, entrantKey: _entrant, ...rest } = doc
  return { ...rest, id: String(_id), campaignId: String(campaignId) } as Entry
}

/** Cursor batches of the draw and the exports: large enough to amortise round trips, a few MB at most. */
const STREAM_BATCH = 10_000

/** How entrant keys are made: the entrant's pseudonym (see privacy.ts and model.ts). */
export type EntrantKeyOf = (kind: EntrantKind, id: string) => string

const ENTRANT_KEY_INDEX = 'campaignId_1_entrantKey_1'

/**
 * Entries stored before entrant keys existed get theirs, before the unique index on them is built
 * (so only while it is missing): a pseudonymised entry's id already is its pseudonym.
 */
async function keyOlderEntries(connection: Connection, entrantKeyOf: EntrantKeyOf): Promise<boolean> {
  const collection = connection.collection('campaignentries')
  // A collection that does not exist yet has no index and nothing to key.
  const indexes = await collection.indexes().catch(() => [])
  if (indexes.some((index) => index.name === ENTRANT_KEY_INDEX)) return false
  const cursor = collection.find(
    { entrantKey: { $exists: false } },
    { projection: { entrant: 1, pseudonymisedAt: 1 }, batchSize: 1000 },
  )
  let batch: { id: Types.ObjectId; entrantKey: string }[] = []
  const flush = async () => {
    if (batch.length === 0) return
    await collection.bulkWrite(
      batch.map(({ id, entrantKey }) => ({
        updateOne: { filter: { _id: id, entrantKey: { $exists: false } }, update: { $set: { entrantKey } } },
      })),
      { ordered: false },
    )
    batch = []
  }
  for await (const doc of cursor) {
    const entrant = doc.entrant as { kind: EntrantKind; id: string }
    const entrantKey = doc.pseudonymisedAt ? entrant.id : entrantKeyOf(entrant.kind, entrant.id)
    batch.push({ id: doc._id as Types.ObjectId, entrantKey })
    if (batch.length === 1000) await flush()
  }
  await flush()
  return true
}

export async function createEntryRepository(connection: Connection, opts: { entrantKeyOf: EntrantKeyOf }) {
  const { entrantKeyOf } = opts
  const keyed = await keyOlderEntries(connection, entrantKeyOf)
  const entries = modelOn(connection, 'CampaignEntry', EntrySchema)
  await initModels(entries)
  // The model may have been compiled (and its indexes built) before the index went missing.
  if (keyed) await entries.createIndexes()
  const oid = (id: string) => objectIdOrNull(id) ?? new Types.ObjectId()
  // The schema's defaults of a new entry, taken from the schema once; fresh nested values each time.
  const template = entries.applyDefaults({}) as Record<string, unknown> & { disqualification: object }
  const defaults = (): Record<string, unknown> => ({
    ...template,
    disqualification: { ...template.disqualification },
    answers: [],
  })
  const ofFan = (campaignId: string, kind: EntrantKind, id: string) => ({
    campaignId: oid(campaignId),
    'entrant.kind': kind,
    'entrant.id': String(id),
  })
  /** The entries that took part in the draw: eligible at the draw, including those disqualified after it. */
  const drawSetOf = (campaignId: string) => ({
    campaignId: oid(campaignId),
    $or: [{ status: 'active' as const }, { 'disqualification.afterDraw': true }],
  })
  const groupCount = (match: Record<string, unknown>, field: string) =>
    entries.aggregate<{ _id: unknown; n: number }>([
      { $match: match },
      { $group: { _id: `$${field}`, n: { $sum: 1 } } },
    ])

  return {
    /**
     * One entry per entrant per campaign: the unique index on (campaign, entrant key) lets exactly
     * one of several simultaneous inserts through; the others come back as 'alreadyEntered'. The key
     * is the entrant's pseudonym, so a fan whose entry was pseudonymised is still refused.
     */
    async enterOnce(entry: NewEntry): Promise<Entry | 'alreadyEntered'> {
      const now = new Date()
      // Straight through the driver, on every fan's entry path: the document is built here exactly
      // as the schema would (its defaults, timestamps, version key), from input the use case has
      // already validated, so mongoose's document machinery would only add CPU to each entry.
      const given = Object.fromEntries(Object.entries(entry).filter(([, value]) => value !== undefined))
      const doc = {
        ...defaults(),
        ...given,
        _id: new Types.ObjectId(),
        campaignId: new Types.ObjectId(entry.campaignId),
        entrant: { kind: entry.entrant.kind, id: String(entry.entrant.id), name: entry.entrant.name ?? '' },
        entrantKey: entrantKeyOf(entry.entrant.kind, String(entry.entrant.id)),
        createdAt: entry.createdAt ?? now,
        updatedAt: now,
        __v: 0,
      } as unknown as StoredEntry
      try {
        await (entries.collection as unknown as mongo.Collection<StoredEntry>).insertOne(doc)
        return entryOf(doc)
      } catch (err) {
        if (isDuplicateKey(err)) return 'alreadyEntered'
        throw err
      }
    },

    /** The active entry a since-removed comment made, in these campaigns; how many went. */
    async withdrawCommentEntry(campaignIds: string[], commentId: string): Promise<number> {
      const removed = await entries.deleteMany({
        campaignId: { $in: campaignIds.map(oid) },
        'entrant.kind': 'page',
        commentId: String(commentId),
        status: 'active',
      })
      return removed.deletedCount ?? 0
    },

    async mine(
      campaignId: string,
      fanId: string,
      opts: { activeOnly?: boolean } = {},
    ): Promise<Entry | null> {
      const doc = await entries
        .findOne({ ...ofFan(campaignId, 'app', fanId), ...(opts.activeOnly ? { status: 'active' } : {}) })
        .lean<StoredEntry>()
      return doc ? entryOf(doc) : null
    },

    /** Removes a fan's entry (all of it: a withdrawn entry leaves nothing behind); false when there was none. */
    async removeMine(
      campaignId: string,
      fanId: string,
      opts: { activeOnly?: boolean } = {},
    ): Promise<boolean> {
      const removed = await entries.deleteOne({
        ...ofFan(campaignId, 'app', fanId),
        ...(opts.activeOnly ? { status: 'active' } : {}),
      })
      return removed.deletedCount > 0
    },

    async deleteAllOf(campaignId: string): Promise<void> {
      await entries.deleteMany({ campaignId: oid(campaignId) })
    },

    /** How many entries all campaigns have, from the collection's metadata (no pass over them). */
    async estimatedTotal(): Promise<number> {
      return entries.estimatedDocumentCount()
    },

    async countActive(campaignId: string): Promise<number> {
      return entries.countDocuments({ campaignId: oid(campaignId), status: 'active' })
    },

    /** How many active entries have each quiz score, lowest first. */
    async scoreDistribution(campaignId: string): Promise<{ score: number; entries: number }[]> {
      const rows = await groupCount({ campaignId: oid(campaignId), status: 'active' }, 'score')
      return rows.map((r) => ({ score: Number(r._id ?? 0), entries: r.n })).sort((a, b) => a.score - b.score)
    },

    /** Active votes per poll option index. */
    async votesPerChoice(campaignId: string): Promise<Map<number, number>> {
      const rows = await groupCount({ campaignId: oid(campaignId), status: 'active' }, 'pollChoice')
      return new Map(rows.map((r) => [Number(r._id), r.n]))
    },

    /** When each active entry came in, streamed (a campaign of any size fits in memory). */
    async *activeEntryTimes(campaignId: string): AsyncIterable<Date> {
      const cursor = entries.collection.find(
        { campaignId: oid(campaignId), status: 'active' },
        { projection: { createdAt: 1, _id: 0 }, batchSize: STREAM_BATCH },
      )
      for await (const doc of cursor) yield doc.createdAt as Date
    },

    async namesByRef(campaignId: string, refs: string[]): Promise<Map<string, string>> {
      const found = await entries
        .find({ campaignId: oid(campaignId), ref: { $in: refs.map(String) } }, { ref: 1, 'entrant.name': 1 })
        .lean<{ ref: string; entrant: { name: string } }[]>()
      return new Map(found.map((e) => [e.ref, e.entrant?.name ?? '']))
    },

    async latest(campaignId: string, limit: number): Promise<Entry[]> {
      const docs = await entries
        .find({ campaignId: oid(campaignId) })
        .sort({ createdAt: -1 })
        .limit(limit)
        .lean<StoredEntry[]>()
      return docs.map(entryOf)
    },

    /** Origin hashes (ipHash or deviceHash) shared by at least `min` entries of the campaign, with their counts. */
    async sharedOrigins(
      campaignId: string,
      field: 'ipHash' | 'deviceHash',
      min: number,
    ): Promise<Map<string, number>> {
      const rows = await entries.aggregate<{ _id: string; n: number }>([
        { $match: { campaignId: oid(campaignId), [field]: { $ne: null } } },
        { $group: { _id: `$${field}`, n: { $sum: 1 } } },
        { $match: { n: { $gte: min } } },
      ])
      return new Map(rows.map((g) => [g._id, g.n]))
    },

    /** Disqualifies an active entry; null when there is no such active entry. */
    async disqualify(
      campaignId: string,
      entryId: string,
      disqualification: { reason: string; at: Date; afterDraw: boolean },
    ): Promise<Entry | null> {
      const _id = objectIdOrNull(entryId)
      if (!_id) return null
      const doc = await entries
        .findOneAndUpdate(
          { _id, campaignId: oid(campaignId), status: 'active' },
          { $set: { status: 'disqualified', disqualification } },
          { returnDocument: 'after' },
        )
        .lean<StoredEntry>()
      return doc ? entryOf(doc) : null
    },

    /**
     * The active entries with only what the draw ranks by, straight from the driver's cursor: no
     * documents kept, no mongoose hydration, no BSON decoding into objects, a batch in memory at a time.
     */
    async *rankable(campaignId: string, withScores: boolean): AsyncIterable<RankableEntry> {
      const projection = withScores ? { ref: 1, score: 1, timeTakenMs: 1, _id: 0 } : { ref: 1, _id: 0 }
      const cursor = entries.collection.find(
        { campaignId: oid(campaignId), status: 'active' },
        // raw: each document as its BSON bytes, read by readRankable without building a document.
        { projection, batchSize: STREAM_BATCH, raw: true },
      )
      for await (const doc of cursor) yield readRankable(doc as unknown as Buffer)
    },

    /**
     * The contest draw's candidates: the active entries whose stored key is below `below` (every
     * one when null), and those stored without a key, at most `limit` in all, in no order. One
     * pass over the campaign's entries on any store; through the (campaign, status, rankKey) index
     * on MongoDB.
     */
    async drawCandidates(campaignId: string, below: string | null, limit: number): Promise<DrawCandidate[]> {
      // `$not: { $gte }` takes the keys below and the missing ones in one condition; first, so a
      // store that matches field by field (the embedded one) rejects most entries on it alone.
      const filter =
        below === null
          ? { campaignId: oid(campaignId), status: 'active' }
          : { rankKey: { $not: { $gte: below } }, campaignId: oid(campaignId), status: 'active' }
      const docs = await entries.collection
        .find(filter, { projection: { _id: 1, ref: 1, rankKey: 1 }, limit, batchSize: limit })
        .toArray()
      return docs.map((d) => ({
        id: String(d._id),
        ref: d.ref as string,
        rankKey: (d.rankKey as string) ?? null,
      }))
    },

    /** Stores draw keys computed for entries stored without one (see rank-keys.ts). */
    async setRankKeys(keys: { id: string; rankKey: string }[]): Promise<void> {
      if (keys.length === 0) return
      await entries.bulkWrite(
        keys.map(({ id, rankKey }) => ({
          updateOne: { filter: { _id: oid(id), rankKey: null }, update: { $set: { rankKey } } },
        })),
        { ordered: false },
      )
    },

    /** The draw's entries ordered by ref, for the public entry list. */
    async *drawList(campaignId: string): AsyncIterable<DrawListRow> {
      const cursor = entries.collection
        .find(drawSetOf(campaignId), {
          projection: {
            ref: 1,
            'entrant.kind': 1,
            'disqualification.afterDraw': 1,
            score: 1,
            timeTakenMs: 1,
            _id: 0,
          },
          batchSize: STREAM_BATCH,
        })
        .sort({ ref: 1 })
      for await (const doc of cursor) yield doc as unknown as DrawListRow
    },

    /** Every entry of the campaign in the order they came in, for the marketer's export. */
    async *contacts(campaignId: string): AsyncIterable<ContactRow> {
      const cursor = entries.collection
        .find(
          { campaignId: oid(campaignId) },
          {
            projection: { ref: 1, entrant: 1, status: 1, createdAt: 1, country: 1, email: 1, _id: 0 },
            batchSize: STREAM_BATCH,
          },
        )
        .sort({ createdAt: 1 })
      for await (const doc of cursor) yield doc as unknown as ContactRow
    },

    /** What the verification page counts: the draw's entries by kind, and disqualifications around it. */
    async drawFacts(campaignId: string) {
      const [byKind, after, before] = await Promise.all([
        groupCount(drawSetOf(campaignId), 'entrant.kind'),
        entries
          .find({ campaignId: oid(campaignId), 'disqualification.afterDraw': true })
          .select({ ref: 1, _id: 0 })
          .lean<{ ref: string }[]>(),
        entries.countDocuments({
          campaignId: oid(campaignId),
          status: 'disqualified',
          'disqualification.afterDraw': { $ne: true },
        }),
      ])
      const kinds = Object.fromEntries(byKind.map((k) => [String(k._id), k.n]))
      return {
        appEntries: kinds.app ?? 0,
        pageEntries: kinds.page ?? 0,
        disqualifiedAfterDraw: after.map((e) => e.ref),
        disqualifiedBeforeDraw: before,
      }
    },

    /**
     * Records the answer to question `index` only while it is the fan's next question: a single
     * conditional update, so of several simultaneous submits of one answer exactly one counts.
     */
    async recordAnswer(
      entryId: string,
      index: number,
      answer: Answer,
      counts: { score: number; timeTakenMs: number; finishedAt: Date | null },
    ): Promise<boolean> {
      const updated = await entries.updateOne(
        { _id: oid(entryId), answeredCount: index },
        {
          $push: { answers: answer },
          $inc: { answeredCount: 1, score: counts.score, timeTakenMs: counts.timeTakenMs },
          ...(counts.finishedAt ? { $set: { finishedAt: counts.finishedAt } } : {}),
        },
      )
      return updated.modifiedCount > 0
    },

    /** A fan's entries in every campaign, without the origin hashes. */
    async allOfFan(fanId: string): Promise<Entry[]> {
      const docs = await entries
        .find({ 'entrant.kind': 'app', 'entrant.id': String(fanId) })
        .select({ ipHash: 0, deviceHash: 0 })
        .lean<StoredEntry[]>()
      return docs.map(entryOf)
    },

    /** Pseudonymises every entry of one entrant; how many. */
    /** How many entries of this entrant still carry their id (not pseudonymised yet). */
    async countOfEntrant(kind: EntrantKind, id: string): Promise<number> {
      return entries.countDocuments({ 'entrant.kind': kind, 'entrant.id': String(id), pseudonymisedAt: null })
    },

    async pseudonymiseEntrant(kind: EntrantKind, id: string, fields: Pseudonymised): Promise<number> {
      const changed = await entries.updateMany(
        { 'entrant.kind': kind, 'entrant.id': String(id) },
        { $set: fields },
      )
      return changed.modifiedCount
    },

    /** Entrants of a campaign not yet pseudonymised, streamed. */
    async *notPseudonymised(campaignId: string): AsyncIterable<{ id: string; entrant: Entry['entrant'] }> {
      const cursor = entries.collection.find(
        { campaignId: oid(campaignId), pseudonymisedAt: null },
        { projection: { _id: 1, entrant: 1 }, batchSize: 1000 },
      )
      for await (const doc of cursor) yield { id: String(doc._id), entrant: doc.entrant as Entry['entrant'] }
    },

    /** Pseudonymises one entry unless that already happened; whether it did now. */
    async pseudonymise(entryId: string, fields: Pseudonymised): Promise<boolean> {
      const changed = await entries.updateOne({ _id: oid(entryId), pseudonymisedAt: null }, { $set: fields })
      return changed.modifiedCount > 0
    },
  }
}

export type EntryRepository = Awaited<ReturnType<typeof createEntryRepository>>
