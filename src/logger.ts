// Logger options shared by the web and worker processes: secrets never reach the log.
import type { FastifyServerOptions } from 'fastify'

type LoggedRequest = {
  method: string
  url: string
  ip?: string
  id?: string
  routeOptions?: { url?: string }
}

/**
 * The one rule for request URLs in the log: the route's pattern (`/invite/:token`) and the names of
 * the query parameters, never a value from the path or the query. Tokens travel in both (invite
 * links, OAuth `code` and `state`, a misplaced `access_token`), and a rule per parameter would miss
 * the next one. A request that matched no route shows its first path segment only.
 */
export function loggableUrl(req: Pick<LoggedRequest, 'url' | 'routeOptions'>): string {
  const [path = '/', query] = req.url.split('?', 2)
  const pattern =
    req.routeOptions?.url ?? `/${path.split('/')[1] ?? ''}${path.split('/').length > 2 ? '/…' : ''}`
  const names = query ? [...new Set(new URLSearchParams(query).keys())] : []
  return names.length ? `${pattern}?${names.map((n) => `${n}=…`).join('&')}` : pattern
}

export const redactPaths = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-hub-signature-256"]',
  'res.headers["set-cookie"]',
  '*.access_token',
  '*.accessToken',
  '*.token',
  '*.password',
  '*.secret',
  '*.appSecret',
  '*.client_secret',
  '*.FANFARE_SECRET_KEY',
  '*.FACEBOOK_APP_SECRET',
  '*.secretKey',
]

/** Readable lines for a person at a terminal (`npm start`); pino-pretty runs off the main thread. */
const PRETTY = {
  target: 'pino-pretty',
  options: { translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname,reqId', singleLine: true },
}

export function loggerOptions(
  level: string,
  format: 'pretty' | 'json' = 'json',
): Exclude<NonNullable<FastifyServerOptions['logger']>, boolean> {
  return {
    level,
    ...(format === 'pretty' ? { transport: PRETTY } : {}),
    redact: { paths: redactPaths, censor: '[redacted]' },
    serializers: {
      req: (req: LoggedRequest) => ({ method: req.method, url: loggableUrl(req), ip: req.ip, id: req.id }),
    },
  }
}
