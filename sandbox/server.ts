// Entry point of the sandbox Graph server: reads its environment, starts, closes on signals.
import { z } from 'zod'
import { startSandbox } from './app.js'

const Env = z.object({
  SANDBOX_PORT: z.coerce.number().int().min(0).max(65535).default(3100),
  SANDBOX_HOST: z.string().min(1).default('127.0.0.1'),
  SANDBOX_PUBLIC_URL: z.url().optional(),
  FACEBOOK_APP_ID: z.string().regex(/^\d+$/, 'must be numeric').default('1234567890123456'),
  FACEBOOK_APP_SECRET: z.string().min(8, 'must be at least 8 characters').default('sandbox-app-secret'),
  SANDBOX_WEBHOOK_URL: z.url().optional(),
  WEBHOOK_VERIFY_TOKEN: z.string().min(1).optional(),
  SANDBOX_STATE_FILE: z.string().min(1).optional(),
  SANDBOX_REQUIRE_APPSECRET_PROOF: z.enum(['true', 'false']).default('false'),
})

function readEnv(): z.infer<typeof Env> {
  const parsed = Env.safeParse(process.env)
  if (parsed.success) return parsed.data
  const problems = parsed.error.issues
    .map((issue) => `  ${issue.path.join('.')}: ${issue.message}`)
    .join('\n')
  console.error(`sandbox: invalid environment variables:\n${problems}`)
  process.exit(1)
}

const env = readEnv()
if (env.SANDBOX_WEBHOOK_URL && !env.WEBHOOK_VERIFY_TOKEN) {
  console.error(
    'sandbox: invalid environment variables:\n  WEBHOOK_VERIFY_TOKEN: required with SANDBOX_WEBHOOK_URL',
  )
  process.exit(1)
}

const sandbox = await startSandbox({
  host: env.SANDBOX_HOST,
  port: env.SANDBOX_PORT,
  appId: env.FACEBOOK_APP_ID,
  appSecret: env.FACEBOOK_APP_SECRET,
  publicUrl: env.SANDBOX_PUBLIC_URL,
  stateFile: env.SANDBOX_STATE_FILE,
  requireAppsecretProof: env.SANDBOX_REQUIRE_APPSECRET_PROOF === 'true',
  webhook:
    env.SANDBOX_WEBHOOK_URL && env.WEBHOOK_VERIFY_TOKEN
      ? { callbackUrl: env.SANDBOX_WEBHOOK_URL, verifyToken: env.WEBHOOK_VERIFY_TOKEN }
      : undefined,
  logger: { level: 'warn' },
})
console.log(`sandbox Graph server listening on ${sandbox.url} (app id ${env.FACEBOOK_APP_ID})`)

let closing = false
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    if (closing) return
    closing = true
    sandbox.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('sandbox: error while closing', error)
        process.exit(1)
      },
    )
  })
}
