// Builds the sandbox Graph server: a Fastify app with the Graph paths, the login dialog and the
// control API, over one in-memory state.
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify'
import { ZodError } from 'zod'
import {
  errorPayload,
  GraphApiError,
  invalidParameter,
  newTraceId,
  transientError,
  unsupportedRequest,
} from './errors.js'
import { FailureInjector } from './failures.js'
import { GraphRouter, handleGraphRequest, splitVersion } from './graph-router.js'
import { loadSnapshot, StateSaver } from './persistence.js'
import { registerCommentRoutes } from './routes/comments.js'
import { ControlError, registerControlRoutes } from './routes/control.js'
import { registerDialogRoutes } from './routes/dialog.js'
import { registerInsightControl, registerInsightRoutes } from './routes/insights.js'
import { registerOauthRoutes } from './routes/oauth.js'
import { registerPageViewRoutes } from './routes/page-view.js'
import { registerPageRoutes } from './routes/pages.js'
import { registerShareDialogRoutes } from './routes/share-dialog.js'
import { registerUserRoutes } from './routes/users.js'
import { registerWebhookRoutes } from './routes/webhooks.js'
import type { SandboxRuntime } from './runtime.js'
import { seedDemo } from './seed.js'
import { SandboxState } from './state.js'
import { DEFAULT_LIMITS, type UsageLimits, UsageMeter } from './usage.js'
import { WebhookDeliverer } from './webhooks/deliverer.js'

export type { SandboxRuntime } from './runtime.js'

export interface SandboxOptions {
  appId: string
  appSecret: string
  appName?: string
  /** base URL for links handed out (paging.next); defaults to the request's Host */
  publicUrl?: string
  /** JSON file to load the state from and save it to */
  stateFile?: string
  /** app-level webhook subscription (object=page, fields=feed) */
  webhook?: { callbackUrl: string; verifyToken: string; fields?: string[] }
  /** webhook retry schedule: wait before each retry; default Meta-like over ~36 hours */
  retryDelaysMs?: number[]
  /** changes within this window are batched into one webhook POST (default 10 ms) */
  webhookBatchMs?: number
  /** refuse calls with a token but no appsecret_proof, like "Require App Secret" */
  requireAppsecretProof?: boolean
  limits?: Partial<UsageLimits>
  /** version reported for unversioned calls (default v25.0) */
  defaultVersion?: string
  /** start from the demo seed (default true) when there is no state file */
  seed?: boolean
  logger?: FastifyServerOptions['logger']
}

export type SandboxInstance = FastifyInstance & { sandbox: SandboxRuntime }

export interface StartedSandbox {
  url: string
  port: number
  app: SandboxInstance
  runtime: SandboxRuntime
  close(): Promise<void>
}

function createRuntime(options: SandboxOptions): { runtime: SandboxRuntime; saver?: StateSaver } {
  const state = new SandboxState()
  const usage = new UsageMeter({ ...DEFAULT_LIMITS, ...options.limits }, () => state.now())
  const failures = new FailureInjector()
  const webhooks = new WebhookDeliverer({
    appSecret: options.appSecret,
    subscription: () => state.subscription,
    retryDelaysMs: options.retryDelaysMs,
    batchWindowMs: options.webhookBatchMs,
  })
  const applyWebhookOption = () => {
    if (options.webhook) {
      state.subscription = {
        object: 'page',
        callbackUrl: options.webhook.callbackUrl,
        verifyToken: options.webhook.verifyToken,
        fields: options.webhook.fields ?? ['feed'],
        active: true,
      }
    }
  }
  const runtime: SandboxRuntime = {
    app: { appId: options.appId, appSecret: options.appSecret },
    appName: options.appName ?? 'Fanfare',
    defaultVersion: options.defaultVersion ?? 'v25.0',
    requireAppsecretProof: options.requireAppsecretProof ?? false,
    publicUrl: options.publicUrl,
    listing: { timeBased: [], emptyPages: 0 },
    declinedScopes: new Map(),
    state,
    usage,
    failures,
    webhooks,
    reset() {
      state.clear()
      if (options.seed !== false) seedDemo(state)
      applyWebhookOption()
      usage.reset()
      failures.clear()
      runtime.listing = { timeBased: [], emptyPages: 0 }
      runtime.declinedScopes.clear()
      webhooks.clearLog()
      webhooks.dropNext = 0
      webhooks.failNext = 0
    },
  }
  const snapshot = options.stateFile ? loadSnapshot(options.stateFile) : undefined
  if (snapshot) {
    state.restore(snapshot)
    if (!state.subscription) applyWebhookOption()
  } else runtime.reset()
  if (!options.stateFile) return { runtime }
  const saver = new StateSaver(state, options.stateFile)
  state.onChange(() => saver.schedule())
  if (!snapshot) saver.schedule()
  return { runtime, saver }
}

export function buildSandbox(options: SandboxOptions): SandboxInstance {
  const { runtime, saver } = createRuntime(options)
  const app = Fastify({ logger: options.logger ?? false, bodyLimit: 4 * 1024 * 1024 })
  app.decorate('sandbox', runtime)

  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string' },
    (_request, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(body as string)))
    },
  )
  // multipart and other bodies are accepted and ignored (the sandbox takes photos by url)
  app.addContentTypeParser('*', { parseAs: 'string' }, (_request, _body, done) => done(null, {}))

  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-fb-trace-id', newTraceId())
    reply.header('x-fb-rev', '1019482750')
    reply.header('facebook-api-version', splitVersion(request.url, runtime.defaultVersion).version)
  })

  app.setErrorHandler((error, request, reply) => {
    if (request.url.startsWith('/__sandbox')) {
      if (error instanceof ZodError)
        return reply.code(400).send({ error: 'invalid request', issues: error.issues })
      const status =
        error instanceof ControlError
          ? error.statusCode
          : ((error as { statusCode?: number }).statusCode ?? 500)
      return reply.code(status).send({ error: (error as Error).message })
    }
    let graphError: GraphApiError
    if (error instanceof GraphApiError) graphError = error
    else {
      const status = (error as { statusCode?: number }).statusCode ?? 500
      if (status >= 500) request.log.error({ err: error }, 'sandbox handler failed')
      graphError = status < 500 ? invalidParameter((error as Error).message) : transientError()
    }
    if (graphError.body.code === 190) {
      reply.header(
        'www-authenticate',
        `OAuth "Facebook Platform" "invalid_token" "${graphError.body.message.replace(/"/g, "'")}"`,
      )
    }
    const trace = String(reply.getHeader('x-fb-trace-id') ?? newTraceId())
    return reply
      .code(graphError.status)
      .header('content-type', 'application/json; charset=UTF-8')
      .send(errorPayload(graphError, trace))
  })

  app.setNotFoundHandler((request, reply) => {
    if (request.url.startsWith('/__sandbox'))
      return reply.code(404).send({ error: 'no such control endpoint' })
    const trace = String(reply.getHeader('x-fb-trace-id') ?? newTraceId())
    const { path } = splitVersion(request.url, runtime.defaultVersion)
    return reply.code(400).send(errorPayload(unsupportedRequest(request.method, path.slice(1)), trace))
  })

  registerDialogRoutes(app, runtime)
  registerShareDialogRoutes(app, runtime)
  registerControlRoutes(app, runtime)
  registerPageViewRoutes(app, runtime)
  registerInsightControl(app, runtime)

  const router = new GraphRouter()
  registerOauthRoutes(router)
  registerUserRoutes(router)
  registerPageRoutes(router)
  registerCommentRoutes(router)
  registerWebhookRoutes(router)
  registerInsightRoutes(router)
  app.route({
    method: ['GET', 'POST', 'DELETE'],
    url: '/*',
    handler: (request, reply) => handleGraphRequest(runtime, router, request, reply),
  })

  app.addHook('onClose', async () => {
    await runtime.webhooks.close()
    await saver?.flush()
  })
  return app as unknown as SandboxInstance
}

export async function startSandbox(
  options: SandboxOptions & { host?: string; port?: number },
): Promise<StartedSandbox> {
  const app = buildSandbox(options)
  const host = options.host ?? '127.0.0.1'
  await app.listen({ host, port: options.port ?? 0 })
  const address = app.server.address()
  const port = typeof address === 'object' && address ? address.port : (options.port ?? 0)
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`
  return { url, port, app, runtime: app.sandbox, close: () => app.close() }
}
