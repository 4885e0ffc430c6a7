import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp } from '../helpers/app.js'

describe('errors', () => {
  let app: FastifyInstance
  beforeAll(async () => {
    ;({ app } = await buildTestApp())
  })
  afterAll(() => app.close())

  it('answers an unknown API route with 404 in the common JSON shape', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/v1/nothing-here' })
    expect(res.statusCode).toBe(404)
    const body = res.json()
    expect(body.error).toMatchObject({ statusCode: 404, code: 'notFound' })
    expect(body.error.requestId).toEqual(expect.any(String))
  })

  it('answers a bad request with 400 naming the field path', async () => {
    const page = await app.inject({ method: 'GET', url: '/' })
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? ''
    const cookie = String(page.headers['set-cookie']).split(';')[0] ?? ''
    const res = await app.inject({
      method: 'POST',
      url: '/locale',
      headers: { accept: 'application/json', cookie, 'x-csrf-token': csrf },
      payload: { locale: 'fr' },
    })
    expect(res.statusCode).toBe(400)
    const body = res.json()
    expect(body.error.code).toBe('validation')
    expect(body.error.details).toEqual([{ path: 'body.locale', message: expect.stringContaining('nl') }])
  })

  it('renders a friendly HTML page in the browser’s language for an unknown page', async () => {
    const res = await app.inject({
      method: 'GET',
      url: '/no/such/page',
      headers: { accept: 'text/html', 'accept-language': 'nl-NL,nl;q=0.9,en;q=0.5' },
    })
    expect(res.statusCode).toBe(404)
    expect(res.headers['content-type']).toContain('text/html')
    expect(res.body).toContain('Deze pagina bestaat niet.')
    expect(res.body).toContain('<html lang="nl">')
  })

  it('refuses a form post without a CSRF token', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/locale',
      headers: { accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'locale=en',
    })
    expect(res.statusCode).toBe(403)
    expect(res.json().error.code).toBe('csrf')
  })
})
