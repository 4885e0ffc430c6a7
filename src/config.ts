// The one place that reads the environment: every setting, validated, as a typed Config.
import { z } from 'zod'

const port = z.coerce
  .number({ message: 'expected a port number' })
  .int({ message: 'expected a whole port number' })
  .min(0, { message: 'expected a port number between 0 and 65535' })
  .max(65535, { message: 'expected a port number between 0 and 65535' })

const url = (what: string) => z.url({ message: `expected ${what}` })

const PROXY_ADDRESS = /^(?:[0-9.]+|[0-9a-f:]+)(?:\/\d{1,3})?$|^(?:loopback|linklocal|uniquelocal)$/i

/**
 * Which proxies may tell us the client's address: none (false), or the listed addresses, CIDR
 * ranges or proxy-addr's names (loopback, linklocal, uniquelocal). "Trust every hop" is refused:
 * any client could then choose its own address with X-Forwarded-For and escape the per-address
 * rate limits. A bare hop count is refused too: Fastify 5 ignores it (it cannot tell a proxy from a
 * client connecting directly), so it would silently do nothing.
 */
const trustProxy = z
  .string()
  .trim()
  .transform((v, ctx): false | string[] => {
    if (['', 'false', '0', 'no'].includes(v)) return false
    const list = v.split(',').map((a) => a.trim())
    if (!/^\d+$/.test(v) && list.every((a) => PROXY_ADDRESS.test(a))) return list
    const hint = 'give the addresses of the proxies in front of Fanfare, e.g. 127.0.0.1 or 10.0.0.0/8'
    ctx.addIssue({
      code: 'custom',
      message:
        v === 'true' || v === 'yes'
          ? `trusting every proxy lets any client pick its own address; ${hint}`
          : /^\d+$/.test(v)
            ? `a hop count cannot tell a proxy from a client that connects directly; ${hint}`
            : `expected false or a comma-separated list of proxy addresses; ${hint}`,
    })
    return z.NEVER
  })

export const ConfigSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: port.default(3000),
  PUBLIC_URL: url('the absolute URL people open, e.g. https://fanfare.example.nl').optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** pretty: one readable line per event (development default); json: one JSON object per line. */
  LOG_FORMAT: z.enum(['pretty', 'json'], { message: 'expected pretty or json' }).optional(),
  TRUST_PROXY: trustProxy.default(false),
  MONGODB_URI: z
    .string({ message: 'expected a MongoDB connection string (mongodb://…)' })
    .regex(/^mongodb(\+srv)?:\/\//, { message: 'expected a MongoDB connection string (mongodb://…)' }),
  REDIS_URL: z
    .string({ message: 'expected a Redis URL (redis://…)' })
    .regex(/^rediss?:\/\//, { message: 'expected a Redis URL (redis://…)' }),
  QUEUE_PREFIX: z.string().min(1).default('fanfare'),
  FANFARE_SECRET_KEY: z
    .string({ message: 'expected 32 random bytes, base64 encoded (openssl rand -base64 32)' })
    .refine((v) => Buffer.from(v, 'base64').length === 32, {
      message: 'expected 32 random bytes, base64 encoded (openssl rand -base64 32)',
    }),
  FACEBOOK_APP_ID: z.string({ message: 'expected the Facebook app id' }).regex(/^\d+$/, {
    message: 'expected the numeric Facebook app id',
  }),
  FACEBOOK_APP_SECRET: z
    .string({ message: 'expected the Facebook app secret' })
    .min(16, { message: 'expected the Facebook app secret (at least 16 characters)' }),
  GRAPH_BASE_URL: url('the Graph API base URL, e.g. https://graph.facebook.com').default(
    'https://graph.facebook.com',
  ),
  GRAPH_API_VERSION: z
    .string()
    .regex(/^v\d+\.\d+$/, { message: 'expected a Graph API version such as v25.0' })
    .default('v25.0'),
  FACEBOOK_DIALOG_URL: url('the Facebook Login dialog base URL, e.g. https://www.facebook.com').default(
    'https://www.facebook.com',
  ),
  GRAPH_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(15_000),
  WEBHOOK_VERIFY_TOKEN: z
    .string({ message: 'expected the verify token you entered in the Facebook app’s webhook settings' })
    .min(8, { message: 'expected at least 8 characters' }),
  DEFAULT_LOCALE: z.enum(['nl', 'en']).default('nl'),
  /** Webhook POSTs one client address may make per minute (Meta batches up to 1000 changes in one). */
  WEBHOOK_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(6000),
  /** Largest webhook body accepted; larger ones get 413. */
  WEBHOOK_BODY_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(2 * 1024 * 1024),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(1000).default(10_000),
  POSTS_CONCURRENCY: z.coerce.number().int().min(1).max(200).default(10),
  POSTS_RECONCILE_EVERY_MS: z.coerce.number().int().min(1000).max(3_600_000).default(30_000),
  POSTS_HORIZON_DAYS: z.coerce.number().int().min(1).max(3650).default(365),
  POSTS_LEASE_MS: z.coerce.number().int().min(1000).max(3_600_000).default(60_000),
  POSTS_RETRY_BASE_MS: z.coerce.number().int().min(10).max(600_000).default(5_000),
  /** The Shopify GraphQL Admin API version Fanfare pins (one @shopify/shopify-api knows). */
  SHOPIFY_API_VERSION: z
    .string()
    .regex(/^\d{4}-(01|04|07|10)$/, { message: 'expected a Shopify API version such as 2026-07' })
    .default('2026-07'),
  /** Sends Shopify Admin API calls here instead of https://{shop}: the sandbox shop's address. */
  SHOPIFY_ADMIN_URL: url('the sandbox shop address, e.g. http://127.0.0.1:3200').optional(),
  /** Connect the sandbox shop's demo Shopify store at start (set by npm start when no shop is configured). */
  SHOP_SANDBOX_URL: url('the sandbox shop address, e.g. http://127.0.0.1:3200').optional(),
  SHOP_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(15_000),
  /** Shop webhook POSTs one client address may make per minute. */
  SHOP_WEBHOOK_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(600),
  /** How often the worker re-reads the stock of watched variants and recent orders (what a webhook missed). */
  SHOP_RECONCILE_EVERY_MS: z.coerce
    .number()
    .int()
    .min(1000)
    .max(86_400_000)
    .default(10 * 60_000),
  /** Days after a campaign's draw (or a poll's closing) until its entrants are pseudonymised. */
  CAMPAIGN_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
})

type Env = z.infer<typeof ConfigSchema>

export type Config = Env & {
  logFormat: 'pretty' | 'json'
  /** Where people reach the web server; PUBLIC_URL or http://HOST:PORT. */
  publicUrl: string
  /** 32-byte key for AES-256-GCM of stored tokens and, derived from it, the session key. */
  secretKey: Buffer
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(
      `Fanfare cannot start, the configuration is invalid:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    )
    this.name = 'ConfigError'
  }
}

/** Parses the environment; throws one ConfigError naming every bad or missing variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const blanksRemoved = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''))
  const parsed = ConfigSchema.refine((c) => c.POSTS_LEASE_MS >= c.GRAPH_TIMEOUT_MS + 3_000, {
    // A worker must still hold a post when its slowest Graph call ends, or a second worker could take it.
    message: 'must be at least GRAPH_TIMEOUT_MS + 3000',
    path: ['POSTS_LEASE_MS'],
  }).safeParse(blanksRemoved)
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const name = issue.path.join('.')
      const message = blanksRemoved[name] === undefined ? `is missing (${issue.message})` : issue.message
      return `${name}: ${message}`
    })
    throw new ConfigError([...new Set(problems)])
  }
  const cfg = parsed.data
  // One origin for the printed address, the OAuth callback, the cookie and every link: a cookie set
  // on 127.0.0.1 is not sent to localhost, so a mix of the two failed the very first login.
  const shownHost = LOOPBACK_OR_ANY.has(cfg.HOST) ? 'localhost' : cfg.HOST
  return {
    ...cfg,
    logFormat: cfg.LOG_FORMAT ?? (cfg.NODE_ENV === 'development' ? 'pretty' : 'json'),
    publicUrl: (cfg.PUBLIC_URL ?? `http://${shownHost}:${cfg.PORT}`).replace(/\/$/, ''),
    secretKey: Buffer.from(cfg.FANFARE_SECRET_KEY, 'base64'),
  }
}

/** Addresses a person on this machine reaches as `localhost`. */
const LOOPBACK_OR_ANY = new Set(['127.0.0.1', '::1', 'localhost', '0.0.0.0', '::'])

/** Loads `.env` from the working directory when it exists (real environment variables win). */
export function loadDotEnv(path = '.env'): void {
  try {
    process.loadEnvFile(path)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err
  }
}
