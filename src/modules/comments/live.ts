// Live inbox updates over Redis pub/sub, so a worker's new comment reaches every web process's SSE clients.
import { Redis } from 'ioredis'

export type LiveEvent =
  | { type: 'comment'; id: string; facebookPageId: string; flagged: boolean; receivedAt: number }
  | { type: 'import'; facebookPageId: string; state: string; postsDone: number; posts: number }

export type LiveFeed = {
  /** Publishes the events in order, all in one round trip to Redis (a delivery's new comments). */
  publish(...events: LiveEvent[]): Promise<void>
  /** Resolves once this process listens on the channel, so nothing published afterwards is missed. */
  subscribe(listener: (event: LiveEvent) => void): { ready: Promise<void>; stop: () => void }
  close(): Promise<void>
}

export function createLiveFeed(redisUrl: string, prefix: string): LiveFeed {
  const channel = `${prefix}:comments:live`
  let publisher: Redis | undefined
  let subscriber: Redis | undefined
  let subscribed: Promise<void> = Promise.resolve()
  const listeners = new Set<(event: LiveEvent) => void>()
  const quiet = () => {
    // Reconnection is automatic; a missed live update only means a moderator reloads.
  }
  return {
    async publish(...events) {
      if (events.length === 0) return
      publisher ??= new Redis(redisUrl, { maxRetriesPerRequest: 1 }).on('error', quiet)
      // One message per event, so a subscriber sees the same messages however they were sent.
      const pipeline = publisher.pipeline()
      for (const event of events) pipeline.publish(channel, JSON.stringify(event))
      await pipeline.exec()
    },
    subscribe(listener) {
      if (!subscriber) {
        subscriber = new Redis(redisUrl).on('error', quiet)
        subscribed = subscriber.subscribe(channel).then(() => undefined, quiet)
        subscriber.on('message', (_channel: string, message: string) => {
          const event = JSON.parse(message) as LiveEvent
          for (const l of listeners) l(event)
        })
      }
      listeners.add(listener)
      return { ready: subscribed, stop: () => listeners.delete(listener) }
    },
    async close() {
      listeners.clear()
      publisher?.disconnect()
      subscriber?.disconnect()
    },
  }
}
