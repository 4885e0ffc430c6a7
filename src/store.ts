// The MongoDB connection, and the few helpers every repository shares (models, ids, duplicate keys).
import mongoose, { type Connection, type Model, type Schema, Types } from 'mongoose'

export type Store = {
  connection: Connection
  ping(timeoutMs?: number): Promise<void>
  close(): Promise<void>
}

/**
 * Connects to MongoDB (or a compatible store). `dbName` overrides the database in the URI,
 * which tests use to get a database of their own. Repositories compile their own models on it.
 */
export async function connectStore(uri: string, opts: { dbName?: string } = {}): Promise<Store> {
  const connection = mongoose.createConnection(uri, {
    dbName: opts.dbName,
    serverSelectionTimeoutMS: 5000,
    // Indexes are part of correctness here (unique entries, idempotent webhooks): each model builds
    // its indexes when compiled, and repositories wait for them (`initModels`) before serving.
    autoIndex: true,
  })
  await connection.asPromise()
  return {
    connection,
    async ping(timeoutMs = 1000) {
      const db = connection.db
      if (!db || connection.readyState !== 1) throw new Error('not connected')
      await withTimeout(db.command({ ping: 1 }), timeoutMs)
    },
    close: () => connection.close(),
  }
}

/** The model `name` on this connection, compiled once however many repositories ask for it. */
export function modelOn<S extends Schema>(connection: Connection, name: string, schema: S) {
  type Compiled = Model<mongoose.InferSchemaType<S>>
  return (connection.models[name] as Compiled | undefined) ?? (connection.model(name, schema) as Compiled)
}

/** Builds the models' indexes now; a unique key that does not exist yet cannot keep a promise. */
export async function initModels(...models: Array<{ init(): Promise<unknown> }>): Promise<void> {
  await Promise.all(models.map((m) => m.init()))
}

/** MongoDB's answer to an insert or upsert that would break a unique index. */
export const isDuplicateKey = (err: unknown): boolean => (err as { code?: number } | null)?.code === 11000

/** An ObjectId from outside input, or null when it is not one (so a lookup finds nothing). */
export function objectIdOrNull(id: string): Types.ObjectId | null {
  return Types.ObjectId.isValid(id) && String(id).length === 24 ? new Types.ObjectId(id) : null
}

/** A lean document's `_id` as the string id the rest of Fanfare uses. */
export function withId<T extends { _id: unknown }>(doc: T): Omit<T, '_id' | '__v'> & { id: string } {
  const { _id, __v: _v, ...rest } = doc as T & { __v?: unknown }
  return { ...(rest as Omit<T, '_id' | '__v'>), id: String(_id) }
}

export function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms)
  })
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer))
}
