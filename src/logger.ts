// Logger options shared by the web and worker processes: secrets never reach the log.
import type { FastifyServerOptions } from 'fastify'

const SECRET_QUERY =
  /([?&](?:code|state|access_token|input_token|client_secret|appsecret_proof|token|fb_exchange_token|hub\.verify_token)=)[^&]*/gi

/** Masks secret-bearing query parameters in a URL for logging. */
export function redactUrl(url: string): string {
  return url.replace(SECRET_QUERY, '$1[redacted]')
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

export function loggerOptions(level: string): NonNullable<FastifyServerOptions['logger']> {
  return {
    level,
    redact: { paths: redactPaths, censor: '[redacted]' },
    serializers: {
      req: (req: { method: string; url: string; ip?: string; id?: string }) => ({
        method: req.method,
        url: redactUrl(req.url),
        ip: req.ip,
        id: req.id,
      }),
    },
  }
}
