import type { FastifyInstance } from 'fastify'
import supertest from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp } from '../helpers/app.js'

describe('home page', () => {
  let app: FastifyInstance
  beforeAll(async () => {
    ;({ app } = await buildTestApp())
  })
  afterAll(() => app.close())

  it('speaks English to an English browser and Dutch to a Dutch one', async () => {
    const en = await supertest(app.server).get('/').set('accept-language', 'en-GB,en;q=0.9')
    expect(en.status).toBe(200)
    expect(en.text).toContain('Welcome to Fanfare')
    const nl = await supertest(app.server).get('/').set('accept-language', 'nl-BE,nl;q=0.9')
    expect(nl.text).toContain('Welkom bij Fanfare')
  })

  it('remembers a language chosen with the switch, over the browser’s preference', async () => {
    const agent = supertest.agent(app.server)
    const page = await agent.get('/').set('accept-language', 'en')
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)?.[1]
    expect(csrf).toBeTruthy()
    const switched = await agent
      .post('/locale')
      .type('form')
      .send({ _csrf: csrf, locale: 'nl', returnTo: '/' })
    expect(switched.status).toBe(303)
    const after = await agent.get('/').set('accept-language', 'en')
    expect(after.text).toContain('Welkom bij Fanfare')
  })

  it('sets security headers and an httpOnly SameSite session cookie', async () => {
    const res = await supertest(app.server).get('/')
    expect(res.headers['content-security-policy']).toContain("default-src 'self'")
    expect(res.headers['x-content-type-options']).toBe('nosniff')
    const cookie = (res.headers['set-cookie'] as unknown as string[] | undefined)?.join(';') ?? ''
    expect(cookie).toMatch(/HttpOnly/i)
    expect(cookie).toMatch(/SameSite=Lax/i)
  })

  it('serves the OpenAPI document generated from the schemas', async () => {
    const res = await app.inject({ method: 'GET', url: '/docs/json' })
    expect(res.statusCode).toBe(200)
    const doc = res.json()
    expect(doc.openapi).toMatch(/^3\./)
    expect(doc.paths['/readyz']).toBeDefined()
  })
})
