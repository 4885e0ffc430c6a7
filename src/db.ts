// The MongoDB connection and every model bound to it; shared by the web and worker processes.
import mongoose, { type Connection } from 'mongoose'
import { createModels, ensureIndexes, type Models } from './models.js'

export type Database = {
  connection: Connection
  models: Models
  ping(timeoutMs?: number): Promise<void>
  close(): Promise<void>
}

/**
 * Connects to MongoDB (or a compatible store). `dbName` overrides the database in the URI,
 * which tests use to get a database of their own.
 */
export async function connectDatabase(uri: string, opts: { dbName?: string } = {}): Promise<Database> {
  const connection = mongoose.createConnection(uri, {
    dbName: opts.dbName,
    serverSelectionTimeoutMS: 5000,
    // Indexes are part of correctness here (unique entries, idempotent webhooks), so build them.
    autoIndex: true,
  })
  await connection.asPromise()
  const models = createModels(connection)
  await ensureIndexes(models)
  return {
    connection,
    models,
    async ping(timeoutMs = 1000) {
      const db = connection.db
      if (!db || connection.readyState !== 1) throw new Error('not connected')
      await withTimeout(db.command({ ping: 1 }), timeoutMs)
    },
    close: () => connection.close(),
  }
}

export function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms)
  })
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer))
}
