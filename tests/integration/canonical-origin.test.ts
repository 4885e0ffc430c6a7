import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../../src/config.js'
import { buildTestApp } from '../helpers/app.js'
import { testEnv } from '../helpers/config.js'

describe('one origin for the address, the login callback, the cookie and every link', () => {
  let app: FastifyInstance
  beforeAll(async () => {
    ;({ app } = await buildTestApp({ PUBLIC_URL: 'http://localhost:3000' }))
  })
  afterAll(() => app.close())

  it('sends 127.0.0.1 to localhost before any session or OAuth state is made', async () => {
    const res = await app.inject({ url: '/auth/login?x=1', headers: { host: '127.0.0.1:3000' } })
    expect(res.statusCode).toBe(308)
    expect(res.headers.location).toBe('http://localhost:3000/auth/login?x=1')
    expect(res.headers['set-cookie']).toBeUndefined()
  })

  it('serves the canonical host itself', async () => {
    const res = await app.inject({ url: '/auth/login', headers: { host: 'localhost:3000' } })
    expect(res.statusCode).toBe(302)
    expect(new URL(res.headers.location as string).searchParams.get('redirect_uri')).toBe(
      'http://localhost:3000/auth/facebook/callback',
    )
  })

  it('lets health checks and Meta’s webhooks in under any name', async () => {
    const res = await app.inject({ url: '/healthz', headers: { host: '127.0.0.1:3000' } })
    expect(res.statusCode).toBe(200)
  })

  it('defaults the public address to localhost when it listens on a loopback or any address', () => {
    const { PUBLIC_URL: _drop, ...env } = testEnv({ HOST: '127.0.0.1', PORT: '3123' })
    expect(loadConfig(env).publicUrl).toBe('http://localhost:3123')
    expect(loadConfig({ ...env, HOST: '0.0.0.0' }).publicUrl).toBe('http://localhost:3123')
  })
})

describe('in production', () => {
  let app: FastifyInstance
  beforeAll(async () => {
    ;({ app } = await buildTestApp({ PUBLIC_URL: 'https://fanfare.example.nl', NODE_ENV: 'production' }))
  })
  afterAll(() => app.close())

  it('sends every other name (an IP address, an old domain) to the public one', async () => {
    const res = await app.inject({ url: '/campaigns', headers: { host: '203.0.113.5' } })
    expect(res.statusCode).toBe(308)
    expect(res.headers.location).toBe('https://fanfare.example.nl/campaigns')
  })
})
