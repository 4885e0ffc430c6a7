// One Graph HTTP call: versioned URL, token in the Authorization header plus appsecret_proof,
// timeout, usage back-off, error parsing, and a log line without secrets.
import { createHash, createHmac } from 'node:crypto'
import type { z } from 'zod'
import { classifyGraphError, GraphError } from './errors.js'
import { APP_KEY, pageKey, type UsageBackoff } from './usage.js'

export interface GraphLogger {
  debug(obj: object, msg?: string): void
  info(obj: object, msg?: string): void
  warn(obj: object, msg?: string): void
  error(obj: object, msg?: string): void
}

export interface GraphHttpConfig {
  baseUrl: string
  apiVersion: string
  appSecret: string
  timeoutMs: number
  logger: GraphLogger
  usage: UsageBackoff
  /** longest a call waits for a usage back-off before failing as rate_limited instead */
  maxBackoffWaitMs: number
  /** retryAfterMs for rate-limit errors that carry no estimate */
  defaultRateLimitWaitMs: number
}

export type ParamValue = string | number | boolean | undefined
export type Params = Record<string, ParamValue>

export interface GraphCall {
  method: 'GET' | 'POST' | 'DELETE'
  /** path after the version, starting with "/" */
  path: string
  token?: string
  params?: Params
  /** the page this call concerns, for page-level back-off */
  pageId?: string
}

export function appsecretProof(token: string, appSecret: string): string {
  return createHmac('sha256', appSecret).update(token).digest('hex')
}

function fingerprint(token: string): string {
  return createHash('sha256').update(token).digest('hex').slice(0, 16)
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

interface RawGraphError {
  message?: string
  type?: string
  code?: number
  error_subcode?: number
  is_transient?: boolean
  error_user_title?: string
  error_user_msg?: string
  fbtrace_id?: string
}

export class GraphHttp {
  constructor(private readonly config: GraphHttpConfig) {}

  async call<S extends z.ZodType>(call: GraphCall, schema: S): Promise<z.output<S>> {
    const body = await this.send(call)
    const parsed = schema.safeParse(body)
    if (!parsed.success) {
      throw new GraphError({
        kind: 'unknown',
        message: `Unexpected Graph answer for ${call.method} ${call.path}: ${parsed.error.issues[0]?.message ?? 'invalid shape'}`,
      })
    }
    return parsed.data
  }

  async send(call: GraphCall): Promise<unknown> {
    const tokenKey = call.token ? fingerprint(call.token) : undefined
    await this.waitForBackoff(tokenKey, call.pageId)

    const params = new URLSearchParams()
    for (const [key, value] of Object.entries(call.params ?? {})) {
      if (value !== undefined) params.set(key, String(value))
    }
    const headers: Record<string, string> = { accept: 'application/json' }
    if (call.token) {
      headers.authorization = `Bearer ${call.token}`
      params.set('appsecret_proof', appsecretProof(call.token, this.config.appSecret))
    }
    const base = this.config.baseUrl.replace(/\/+$/, '')
    let url = `${base}/${this.config.apiVersion}${call.path}`
    let requestBody: string | undefined
    if (call.method === 'POST') {
      headers['content-type'] = 'application/x-www-form-urlencoded'
      requestBody = params.toString()
    } else if ([...params.keys()].length > 0) url += `?${params.toString()}`

    const started = performance.now()
    const logFields = { method: call.method, path: call.path }
    let response: Response
    let text: string
    try {
      response = await fetch(url, {
        method: call.method,
        headers,
        body: requestBody,
        signal: AbortSignal.timeout(this.config.timeoutMs),
      })
      text = await response.text()
    } catch (error) {
      const timedOut =
        error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')
      const failure = new GraphError({
        kind: 'transient',
        message: timedOut
          ? `Graph request timed out after ${this.config.timeoutMs} ms`
          : `Graph request failed: ${describeNetworkError(error)}`,
        cause: error,
      })
      this.config.logger.warn(
        { ...logFields, durationMs: Math.round(performance.now() - started), kind: failure.kind },
        failure.message,
      )
      throw failure
    }

    const durationMs = Math.round(performance.now() - started)
    const apiVersion = response.headers.get('facebook-api-version') ?? undefined
    this.config.usage.observe(response.headers, tokenKey)
    const json = parseJson(text)
    const rawError = (json as { error?: RawGraphError } | undefined)?.error
    if (response.ok && json !== undefined && !rawError) {
      this.config.logger.debug(
        { ...logFields, status: response.status, durationMs, apiVersion },
        'graph call',
      )
      return json
    }

    const error = this.toError(response, rawError, tokenKey, call.pageId)
    this.config.logger.warn(
      {
        ...logFields,
        status: response.status,
        durationMs,
        apiVersion,
        kind: error.kind,
        code: error.code,
        subcode: error.subcode,
        fbtraceId: error.fbtraceId,
      },
      'graph call failed',
    )
    throw error
  }

  private async waitForBackoff(tokenKey: string | undefined, pageId: string | undefined): Promise<void> {
    const { usage, maxBackoffWaitMs, logger } = this.config
    const { waitMs, key } = usage.waitFor(usage.keysFor(tokenKey, pageId))
    if (waitMs <= 0) return
    if (waitMs > maxBackoffWaitMs) {
      throw new GraphError({
        kind: 'rate_limited',
        message: `Holding Graph calls for ${key}: usage above threshold, retry in ${Math.ceil(waitMs / 1000)} s`,
        retryAfterMs: waitMs,
      })
    }
    logger.info({ key, waitMs }, 'graph usage back-off')
    await sleep(waitMs)
  }

  private toError(
    response: Response,
    raw: RawGraphError | undefined,
    tokenKey: string | undefined,
    pageId: string | undefined,
  ): GraphError {
    const kind = raw
      ? classifyGraphError({ status: response.status, code: raw.code, isTransient: raw.is_transient })
      : response.status >= 500
        ? 'transient'
        : 'unknown'
    let retryAfterMs: number | undefined
    if (kind === 'rate_limited') {
      const estimated = estimatedMinutes(response.headers.get('x-business-use-case-usage'))
      retryAfterMs = estimated > 0 ? estimated * 60_000 : this.config.defaultRateLimitWaitMs
      const { usage } = this.config
      const pageLevel = raw?.code === 32 || (raw?.code ?? 0) >= 80001
      if (!pageLevel) usage.block(APP_KEY, retryAfterMs)
      const pages = new Set([...(pageId ? [pageId] : []), ...usage.pagesOfToken(tokenKey)])
      for (const id of pages) usage.block(pageKey(id), retryAfterMs)
    }
    return new GraphError({
      kind,
      message: raw?.message ?? `Graph answered HTTP ${response.status} without an error body`,
      code: raw?.code,
      subcode: raw?.error_subcode,
      type: raw?.type,
      status: response.status,
      fbtraceId: raw?.fbtrace_id ?? response.headers.get('x-fb-trace-id') ?? undefined,
      retryAfterMs,
      userTitle: raw?.error_user_title,
      userMessage: raw?.error_user_msg,
      isTransient: raw?.is_transient,
    })
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

function describeNetworkError(error: unknown): string {
  if (!(error instanceof Error)) return String(error)
  const cause = (error as { cause?: unknown }).cause
  return cause instanceof Error ? `${error.message} (${cause.message})` : error.message
}

/** The largest estimated_time_to_regain_access (minutes) in an X-Business-Use-Case-Usage header. */
export function estimatedMinutes(header: string | null): number {
  const parsed = header ? parseJson(header) : undefined
  if (!parsed || typeof parsed !== 'object') return 0
  let minutes = 0
  for (const list of Object.values(parsed as Record<string, unknown>)) {
    if (!Array.isArray(list)) continue
    for (const item of list as { estimated_time_to_regain_access?: unknown }[]) {
      const value = item.estimated_time_to_regain_access
      if (typeof value === 'number' && value > minutes) minutes = value
    }
  }
  return minutes
}
