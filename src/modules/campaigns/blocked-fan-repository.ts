// The only place that touches the block list: fans who may not enter any campaign of the shop.
import { type Connection, Types } from 'mongoose'
import { initModels, modelOn } from '../../store.js'
import { BlockedFanSchema, type EntrantKind } from './model.js'

export type BlockedFan = {
  kind: EntrantKind
  id: string
  reason: string
  blockedBy: string | null
  createdAt: Date | null
}

type StoredBlockedFan = {
  entrant: { kind: EntrantKind; id: string }
  reason?: string
  blockedBy?: Types.ObjectId | null
  createdAt?: Date
}

export async function createBlockedFanRepository(connection: Connection) {
  const blocked = modelOn(connection, 'BlockedFan', BlockedFanSchema)
  await initModels(blocked)
  const of = (kind: EntrantKind, id: string) => ({ 'entrant.kind': kind, 'entrant.id': String(id) })

  return {
    async isBlocked(kind: EntrantKind, id: string): Promise<boolean> {
      // Through the driver: asked on every fan's entry.
      return (await blocked.collection.findOne(of(kind, id), { projection: { _id: 1 } })) !== null
    },

    /** Blocks a fan; blocking again only updates the reason (one row per fan, by unique index). */
    async block(kind: EntrantKind, id: string, reason: string, blockedBy: string | null): Promise<void> {
      await blocked.updateOne(
        of(kind, id),
        { $set: { reason, blockedBy: blockedBy ? new Types.ObjectId(blockedBy) : null } },
        { upsert: true },
      )
    },

    async unblock(kind: EntrantKind, id: string): Promise<void> {
      await blocked.deleteOne(of(kind, id))
    },

    async latest(limit = 500): Promise<BlockedFan[]> {
      const docs = await blocked.find().sort({ createdAt: -1 }).limit(limit).lean<StoredBlockedFan[]>()
      return docs.map((d) => ({
        kind: d.entrant.kind,
        id: d.entrant.id,
        reason: d.reason ?? '',
        blockedBy: d.blockedBy ? String(d.blockedBy) : null,
        createdAt: d.createdAt ?? null,
      }))
    },
  }
}

export type BlockedFanRepository = Awaited<ReturnType<typeof createBlockedFanRepository>>
