// `npm start` as a newcomer runs it: the whole product comes up as real processes, and the very
// first login works from the exact address it prints (one origin for the link, the callback and the
// cookie). Redis and the store come from the test set-up, so only Fanfare's own processes start.
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest'
import { DEMO_USERS } from '../../sandbox/seed.js'
// @ts-expect-error plain JavaScript module shared with the bootstrap script
import { freePort } from '../../scripts/services.mjs'
import { projectRoot } from '../../src/paths.js'

/** A tiny cookie jar, as a browser keeps one per origin. */
function cookieJar() {
  const jar = new Map<string, string>()
  return {
    keep(res: Response) {
      for (const line of res.headers.getSetCookie()) {
        const [pair = ''] = line.split(';')
        const at = pair.indexOf('=')
        jar.set(pair.slice(0, at), pair.slice(at + 1))
      }
    },
    header: () => [...jar].map(([k, v]) => `${k}=${v}`).join('; '),
  }
}

describe('npm start', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'fanfare-npm-start-'))
  let child: ChildProcess
  let output = ''

  beforeAll(async () => {
    const mongo = new URL(inject('mongoUrl'))
    mongo.pathname = `/fanfare_npm_start_${process.pid}`
    child = spawn(process.execPath, ['scripts/bootstrap.mjs', 'start'], {
      cwd: projectRoot,
      env: {
        ...process.env,
        PORT: String(await freePort()),
        FANFARE_DATA_DIR: dataDir,
        REDIS_URL: inject('redisUrl'),
        MONGODB_URI: mongo.toString(),
        QUEUE_PREFIX: `npm_start_${process.pid}`,
        LOG_LEVEL: 'warn',
        NODE_ENV: 'development',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    child.stdout?.on('data', (d) => {
      output += d
    })
    child.stderr?.on('data', (d) => {
      output += d
    })
  })
  afterAll(async () => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve))
      child.kill('SIGINT')
      await exited
    }
    rmSync(dataDir, { recursive: true, force: true })
  })

  it('prints a URL from which the first login works, restarts a crashed worker, and stops on Ctrl+C', async () => {
    const printed = await vi.waitFor(
      () => {
        const url = /Fanfare is running\. Open (\S+)/.exec(output)?.[1]
        if (!url) throw new Error(`not running yet:\n${output.slice(-2000)}`)
        return url
      },
      { timeout: 90_000, interval: 250 },
    )
    expect(printed).toMatch(/^http:\/\/localhost:\d+$/)

    const jar = cookieJar()
    const start = await fetch(`${printed}/auth/login`, { redirect: 'manual' })
    jar.keep(start)
    expect(start.status).toBe(302)
    const dialog = new URL(start.headers.get('location') as string)
    expect(dialog.searchParams.get('redirect_uri')).toBe(`${printed}/auth/facebook/callback`)
    dialog.searchParams.set('sandbox_user', DEMO_USERS.admin.id)
    dialog.searchParams.set('sandbox_decision', 'approve')
    const decided = await fetch(dialog, { redirect: 'manual' })
    const back = decided.headers.get('location') as string
    expect(new URL(back).origin).toBe(printed)
    const callback = await fetch(back, { redirect: 'manual', headers: { cookie: jar.header() } })
    jar.keep(callback)
    expect(callback.status).toBe(303)
    const me = await fetch(`${printed}/api/v1/me`, {
      headers: { cookie: jar.header(), accept: 'application/json' },
    })
    expect(me.status).toBe(200)
    expect(((await me.json()) as { role: string }).role).toBe('admin')

    // The sandbox shop's demo store is connected, healthy, and its orders are read live.
    const shops = await vi.waitFor(
      async () => {
        const res = await fetch(`${printed}/api/v1/shop/connections`, {
          headers: { cookie: jar.header(), accept: 'application/json' },
        })
        const body = (await res.json()) as {
          connections: { id: string; shopDomain: string; lastSyncAt: string | null }[]
        }
        if (body.connections.length === 0) throw new Error('no shop connected yet')
        return body.connections
      },
      { timeout: 20_000, interval: 250 },
    )
    expect(shops[0]).toMatchObject({
      shopDomain: 'fanfare-demo.myshopify.com',
      lastSyncAt: expect.any(String),
    })
    const orders = await fetch(`${printed}/api/v1/shop/connections/${shops[0]?.id}/orders`, {
      headers: { cookie: jar.header(), accept: 'application/json' },
    })
    expect(((await orders.json()) as { orders: unknown[] }).orders.length).toBeGreaterThan(0)

    // A crashed worker is restarted (and said so), the rest stays up.
    const pids = () =>
      JSON.parse(readFileSync(join(dataDir, 'processes.json'), 'utf8')) as Record<string, number>
    const worker = pids().worker as number
    process.kill(worker, 'SIGKILL')
    await vi.waitFor(
      () => {
        expect(output).toMatch(/worker stopped \(SIGKILL\); restarting it in 1 s/)
        expect(pids().worker).not.toBe(worker)
      },
      { timeout: 30_000, interval: 200 },
    )
    expect((await fetch(`${printed}/healthz`)).status).toBe(200)

    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve))
    child.kill('SIGINT')
    expect(await exited).toBe(0)
    expect(output).toContain('stopping…')
  })
})
