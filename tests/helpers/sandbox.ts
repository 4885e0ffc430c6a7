// Test helpers for the sandbox Graph server: start one on a random port, call its Graph and
// control APIs over real HTTP, log in through its dialog, and receive its webhooks.
import { createHash, randomBytes } from 'node:crypto'
import { createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'
import { type SandboxOptions, type StartedSandbox, startSandbox } from '../../sandbox/app.js'
import { DEMO_PAGE_ID, DEMO_USERS } from '../../sandbox/seed.js'
import { TEST_APP_ID, TEST_APP_SECRET } from './config.js'

export const REDIRECT_URI = 'http://127.0.0.1:9/auth/facebook/callback'
export const ALL_PAGE_SCOPES =
  'email,pages_show_list,pages_read_engagement,pages_read_user_content,pages_manage_posts,pages_manage_engagement,pages_manage_metadata'

export { DEMO_PAGE_ID, DEMO_USERS, TEST_APP_ID, TEST_APP_SECRET }

export function startTestSandbox(options: Partial<SandboxOptions> = {}): Promise<StartedSandbox> {
  return startSandbox({
    appId: TEST_APP_ID,
    appSecret: TEST_APP_SECRET,
    retryDelaysMs: [30, 60, 90],
    ...options,
  })
}

export interface GraphAnswer {
  status: number
  headers: Headers
  // biome-ignore lint/suspicious/noExplicitAny: test answers are inspected freely
  body: any
}

/** A raw Graph call: params go to the query string for GET/DELETE and to a form body for POST. */
export async function graph(
  sandbox: StartedSandbox,
  method: 'GET' | 'POST' | 'DELETE',
  path: string,
  params: Record<string, string | number | boolean> = {},
): Promise<GraphAnswer> {
  const search = new URLSearchParams(
    Object.entries(params).map(([key, value]): [string, string] => [key, String(value)]),
  )
  const url = `${sandbox.url}${path}`
  const response =
    method === 'POST'
      ? await fetch(url, {
          method,
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: search.toString(),
        })
      : await fetch(`${url}${search.size > 0 ? `?${search}` : ''}`, { method })
  const text = await response.text()
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined }
}

export async function control(
  sandbox: StartedSandbox,
  method: string,
  path: string,
  body?: unknown,
  // biome-ignore lint/suspicious/noExplicitAny: control answers are inspected freely
): Promise<any> {
  const response = await fetch(`${sandbox.url}/__sandbox${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const json = await response.json()
  if (!response.ok) throw new Error(`control ${method} ${path} → ${response.status}: ${JSON.stringify(json)}`)
  return json
}

export async function pageToken(
  sandbox: StartedSandbox,
  userId: string = DEMO_USERS.admin.id,
  options: { scopes?: string[]; longLived?: boolean; pageId?: string } = {},
): Promise<string> {
  const record = await control(sandbox, 'POST', '/tokens', {
    userId,
    pageId: options.pageId ?? DEMO_PAGE_ID,
    ...(options.scopes ? { scopes: options.scopes } : {}),
    longLived: options.longLived ?? false,
  })
  return record.token
}

export async function userToken(
  sandbox: StartedSandbox,
  userId: string = DEMO_USERS.admin.id,
  options: { scopes?: string[]; longLived?: boolean } = {},
): Promise<string> {
  const record = await control(sandbox, 'POST', '/tokens', { userId, ...options })
  return record.token
}

export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url')
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') }
}

/** Runs the dialog with the sandbox-only shortcut and returns the redirect's query. */
export async function dialog(
  sandbox: StartedSandbox,
  params: Record<string, string>,
): Promise<{ status: number; location: URL | undefined; html: string }> {
  const query = new URLSearchParams({ client_id: TEST_APP_ID, redirect_uri: REDIRECT_URI, ...params })
  const response = await fetch(`${sandbox.url}/v25.0/dialog/oauth?${query}`, { redirect: 'manual' })
  const location = response.headers.get('location')
  return {
    status: response.status,
    location: location ? new URL(location) : undefined,
    html: await response.text(),
  }
}

export async function loginCode(
  sandbox: StartedSandbox,
  userId: string,
  extra: Record<string, string> = {},
): Promise<string> {
  const { location } = await dialog(sandbox, {
    scope: ALL_PAGE_SCOPES,
    state: 'st-123',
    sandbox_user: userId,
    sandbox_decision: 'approve',
    ...extra,
  })
  const code = location?.searchParams.get('code')
  if (!code) throw new Error(`no code in ${location}`)
  return code
}

export interface ReceivedWebhook {
  method: string
  url: string
  headers: IncomingMessage['headers']
  rawBody: Buffer
}

/** A tiny HTTP server that records what it receives and answers with the next queued status. */
export async function startReceiver(verifyToken = 'verify-me') {
  const received: ReceivedWebhook[] = []
  const statuses: number[] = []
  const waiters: (() => void)[] = []
  const server = createServer((request, response) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => {
      const url = new URL(request.url ?? '/', 'http://localhost')
      if (request.method === 'GET') {
        const ok =
          url.searchParams.get('hub.mode') === 'subscribe' &&
          url.searchParams.get('hub.verify_token') === verifyToken
        response
          .writeHead(ok ? 200 : 403)
          .end(ok ? (url.searchParams.get('hub.challenge') ?? '') : 'forbidden')
        return
      }
      received.push({
        method: request.method ?? '',
        url: request.url ?? '',
        headers: request.headers,
        rawBody: Buffer.concat(chunks),
      })
      response.writeHead(statuses.shift() ?? 200).end('ok')
      for (const wake of waiters.splice(0)) wake()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/webhooks/facebook`,
    verifyToken,
    received,
    /** answer the next POSTs with these statuses (then 200) */
    failWith: (...codes: number[]) => statuses.push(...codes),
    async waitFor(count: number, timeoutMs = 3000): Promise<ReceivedWebhook[]> {
      const deadline = Date.now() + timeoutMs
      while (received.length < count) {
        if (Date.now() > deadline) throw new Error(`expected ${count} webhooks, got ${received.length}`)
        await new Promise<void>((resolve) => {
          waiters.push(resolve)
          setTimeout(resolve, 50)
        })
      }
      return received
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
