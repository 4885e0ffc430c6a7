// Provisions throwaway Redis and MongoDB-compatible store (mongo-java-server in memory unless a
// mongod is at hand) for the test run, unless URLs are given.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { TestProject } from 'vitest/node'
// @ts-expect-error plain JavaScript module shared with the bootstrap script
import { startMongo, startRedis } from '../../scripts/services.mjs'

type Service = { url: string; kind: string; stop(): Promise<void> }

declare module 'vitest' {
  export interface ProvidedContext {
    mongoUrl: string
    redisUrl: string
  }
}

export default async function setup(project: TestProject) {
  const dataDir = mkdtempSync(join(tmpdir(), 'fanfare-test-'))
  const started: Service[] = []
  let mongoUrl = process.env.MONGODB_URI
  let redisUrl = process.env.REDIS_URL
  if (!redisUrl) {
    const redis: Service = await startRedis({ dataDir: join(dataDir, 'redis') })
    started.push(redis)
    redisUrl = redis.url
  }
  if (!mongoUrl) {
    const mongo: Service = await startMongo({ dataDir, durable: false, log: (m: string) => console.log(m) })
    started.push(mongo)
    mongoUrl = mongo.url
    console.log(`tests use ${mongo.kind} at ${mongo.url}`)
  }
  project.provide('mongoUrl', mongoUrl)
  project.provide('redisUrl', redisUrl)
  return async () => {
    await Promise.all(started.map((s) => s.stop()))
    rmSync(dataDir, { recursive: true, force: true })
  }
}
