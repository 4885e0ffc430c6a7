// The only place that touches shop connections: their sealed credentials, health and rate-limit state.
import type { Connection } from 'mongoose'
import { initModels, isDuplicateKey, modelOn, objectIdOrNull, withId } from '../../store.js'
import { type ShopConnectionDoc, ShopConnectionSchema } from './model.js'
import type { Platform, RateLimitState } from './platforms/types.js'

export type ShopConnection = {
  id: string
  platform: Platform
  name: string
  shopDomain: string
  baseUrl: string | null
  clientId: string | null
  lastSyncAt: Date | null
  lastError: { at: Date | null; kind: string | null; message: string | null }
  rateLimit: RateLimitState | null
  lastWebhookAt: Date | null
  connectedBy: string | null
  createdAt: Date
}

export type NewConnection = Pick<
  ShopConnection,
  'platform' | 'name' | 'shopDomain' | 'baseUrl' | 'clientId' | 'connectedBy'
> & {
  sealedCredentials: string
}

const live = { disconnectedAt: null }

function toConnection(doc: ShopConnectionDoc): ShopConnection {
  const {
    sealedCredentials: _s,
    disconnectedAt: _d,
    updatedAt: _u,
    ...rest
  } = withId(doc) as ReturnType<typeof withId<ShopConnectionDoc>>
  return {
    ...rest,
    platform: rest.platform as Platform,
    baseUrl: rest.baseUrl ?? null,
    clientId: rest.clientId ?? null,
    lastSyncAt: rest.lastSyncAt ?? null,
    lastError: {
      at: rest.lastError?.at ?? null,
      kind: rest.lastError?.kind ?? null,
      message: rest.lastError?.message ?? null,
    },
    rateLimit: (rest.rateLimit as RateLimitState | null) ?? null,
    lastWebhookAt: rest.lastWebhookAt ?? null,
    connectedBy: rest.connectedBy ?? null,
    createdAt: rest.createdAt as Date,
  }
}

export async function createConnectionRepository(connection: Connection) {
  const connections = modelOn(connection, 'ShopConnection', ShopConnectionSchema)
  await initModels(connections)

  return {
    /** Connects, or reconnects a shop connected before with new credentials; null when it is connected already. */
    async connect(fields: NewConnection): Promise<ShopConnection | null> {
      try {
        const doc = await connections
          .findOneAndUpdate(
            { platform: fields.platform, shopDomain: fields.shopDomain, disconnectedAt: { $ne: null } },
            { $set: { ...fields, disconnectedAt: null, lastError: { at: null, kind: null, message: null } } },
            { returnDocument: 'after' },
          )
          .lean<ShopConnectionDoc>()
        if (doc) return toConnection(doc)
        const [created] = await connections.insertMany([fields])
        return toConnection((created as { toObject(): ShopConnectionDoc }).toObject())
      } catch (err) {
        if (isDuplicateKey(err)) return null
        throw err
      }
    },

    async find(id: string): Promise<ShopConnection | null> {
      const _id = objectIdOrNull(id)
      const doc = _id ? await connections.findOne({ _id, ...live }).lean<ShopConnectionDoc>() : null
      return doc ? toConnection(doc) : null
    },

    async sealedCredentials(id: string): Promise<string | null> {
      const _id = objectIdOrNull(id)
      const doc = _id
        ? await connections
            .findOne({ _id, ...live })
            .select('+sealedCredentials')
            .lean<ShopConnectionDoc>()
        : null
      return doc?.sealedCredentials ?? null
    },

    async list(): Promise<ShopConnection[]> {
      const docs = await connections.find(live).sort({ name: 1 }).lean<ShopConnectionDoc[]>()
      return docs.map(toConnection)
    },

    /** New credentials (and name) for a live connection; its last error is forgotten with the old ones. */
    async replaceCredentials(
      id: string,
      fields: Pick<NewConnection, 'name' | 'clientId' | 'baseUrl' | 'sealedCredentials'>,
    ): Promise<boolean> {
      const _id = objectIdOrNull(id)
      if (!_id) return false
      const result = await connections.updateOne(
        { _id, ...live },
        { $set: { ...fields, lastError: { at: null, kind: null, message: null } } },
      )
      return result.matchedCount === 1
    },

    /** Whether this shop was connected once and removed since (the sandbox demo is not connected again then). */
    async wasRemoved(platform: Platform, shopDomain: string): Promise<boolean> {
      return (await connections.countDocuments({ platform, shopDomain, disconnectedAt: { $ne: null } })) > 0
    },

    async disconnect(id: string): Promise<boolean> {
      const _id = objectIdOrNull(id)
      if (!_id) return false
      const result = await connections.updateOne({ _id, ...live }, { $set: { disconnectedAt: new Date() } })
      return result.modifiedCount === 1
    },

    async recordHealth(
      id: string,
      health: { ok: boolean; error?: { kind: string; message: string }; rateLimit: RateLimitState | null },
    ): Promise<void> {
      const _id = objectIdOrNull(id)
      if (!_id) return
      const set: Record<string, unknown> = { rateLimit: health.rateLimit }
      if (health.ok) {
        set.lastSyncAt = new Date()
        set.lastError = { at: null, kind: null, message: null }
      } else
        set.lastError = {
          at: new Date(),
          kind: health.error?.kind ?? null,
          message: health.error?.message ?? null,
        }
      await connections.updateOne({ _id }, { $set: set })
    },

    async recordWebhook(id: string): Promise<void> {
      const _id = objectIdOrNull(id)
      if (_id) await connections.updateOne({ _id }, { $set: { lastWebhookAt: new Date() } })
    },
  }
}

export type ConnectionRepository = Awaited<ReturnType<typeof createConnectionRepository>>
