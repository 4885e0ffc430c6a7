// A tiny HTTP server that answers Graph calls with recorded answers from the corpus, so Fanfare's
// client is exercised against what Facebook really sent (status, headers and body as recorded).
import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Recording } from './corpus.js'

export interface ReplayRoute {
  method: string
  /** path without the version, with {placeholders}, e.g. "/{post-id}/comments" */
  path: string
  /** query parameters that must match (e.g. the paging token of page 2) */
  match?: Record<string, string>
  /** answer with this recording, or decide per request */
  answer: Recording | ((request: ReplayRequest) => Recording)
}

export interface ReplayRequest {
  method: string
  path: string
  query: Record<string, string>
  headers: IncomingMessage['headers']
}

export interface Replay {
  url: string
  requests: ReplayRequest[]
  close(): Promise<void>
}

function pattern(path: string): RegExp {
  const escaped = path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')
  return new RegExp(`^${escaped}$`)
}

export async function startReplay(routes: ReplayRoute[]): Promise<Replay> {
  const requests: ReplayRequest[] = []
  const compiled = routes.map((route) => ({ ...route, regex: pattern(route.path) }))
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://replay')
      const path = url.pathname.replace(/^\/v\d+\.\d+(?=\/)/, '')
      const query: Record<string, string> = Object.fromEntries(url.searchParams)
      if (req.method === 'POST')
        Object.assign(query, Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString())))
      const request: ReplayRequest = { method: req.method ?? 'GET', path, query, headers: req.headers }
      requests.push(request)
      // the most specific route wins: one with matching query parameters before one without
      const candidates = compiled
        .filter((route) => route.method === request.method && route.regex.test(path))
        .filter((route) => Object.entries(route.match ?? {}).every(([key, value]) => query[key] === value))
        .sort((a, b) => Object.keys(b.match ?? {}).length - Object.keys(a.match ?? {}).length)
      const route = candidates[0]
      if (!route) {
        res.writeHead(404, { 'content-type': 'application/json' })
        res.end(
          JSON.stringify({
            error: { message: `no recording for ${request.method} ${path}`, type: 'Replay', code: -1 },
          }),
        )
        return
      }
      const recording = typeof route.answer === 'function' ? route.answer(request) : route.answer
      res.writeHead(recording.status ?? 200, {
        'content-type': 'application/json; charset=UTF-8',
        ...(recording.headers ?? {}),
      })
      res.end(JSON.stringify(recording.body))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve()))),
  }
}
