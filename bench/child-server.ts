// The child's half of `serve()` (bench/services.ts): report the port once listening, and on 'done'
// send what was measured, then exit.
import type { Server } from 'node:http'

const send = (message: unknown) =>
  new Promise<void>((resolve) => (process.send as NonNullable<typeof process.send>)(message, () => resolve()))

export async function reportPort(server: Server): Promise<void> {
  const address = server.address()
  await send({ port: typeof address === 'object' && address ? address.port : 0 })
}

export function whenDone(close: () => Promise<Record<string, unknown> | undefined>): void {
  process.on('message', async (message) => {
    if (message !== 'done') return
    try {
      await send((await close()) ?? {})
      process.exit(0)
    } catch (err) {
      console.error(err)
      process.exit(1)
    }
  })
}
