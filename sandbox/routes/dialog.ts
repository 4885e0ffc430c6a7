// The Facebook Login dialog: an HTML page where a sandbox user approves or declines the requested
// permissions, then a redirect back with `code`+`state` or `error=access_denied`.
// Sandbox-only shortcut for tests: `?sandbox_user={id}&sandbox_decision=approve|decline` skips the page.
import type { FastifyInstance, FastifyReply } from 'fastify'
import { z } from 'zod'
import type { SandboxRuntime } from '../runtime.js'
import { CODE_TTL_SECONDS, mintUserToken, randomCode, SHORT_LIVED_SECONDS } from '../tokens.js'

const DialogQuery = z.object({
  client_id: z.string().optional(),
  redirect_uri: z.string().optional(),
  state: z.string().optional(),
  scope: z.string().optional(),
  response_type: z.string().optional(),
  code_challenge: z.string().optional(),
  code_challenge_method: z.string().optional(),
  sandbox_user: z.string().optional(),
  sandbox_decision: z.enum(['approve', 'decline']).optional(),
  /** sandbox only: permissions the person unticks in the dialog (comma-separated) */
  sandbox_decline: z.string().optional(),
})
type DialogQuery = z.infer<typeof DialogQuery>

const Decision = DialogQuery.extend({ user: z.string().optional(), decision: z.enum(['approve', 'decline']) })

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`)
}

function requestedScopes(query: DialogQuery): string[] {
  const scopes = (query.scope ?? '').split(/[,\s]+/).filter(Boolean)
  const declined = new Set((query.sandbox_decline ?? '').split(',').filter(Boolean))
  return [...new Set(['public_profile', ...scopes])].filter((scope) => !declined.has(scope))
}

/** Checks the dialog parameters; returns an error text for the error page, or undefined. */
function problemWith(runtime: SandboxRuntime, query: DialogQuery): string | undefined {
  if (query.client_id !== runtime.app.appId) {
    return 'Invalid App ID: the provided app ID does not look like a valid app ID.'
  }
  if (!query.redirect_uri || !/^https?:\/\//.test(query.redirect_uri)) {
    return "URL blocked: this redirect failed because the redirect URI is missing or isn't an absolute http(s) URL."
  }
  const unknown = responseTypes(query).find((type) => !['code', 'token', 'granted_scopes'].includes(type))
  if (unknown) return `Unsupported response_type: ${unknown}`
  if (query.code_challenge && !['S256', 'plain', undefined].includes(query.code_challenge_method)) {
    return 'Invalid code_challenge_method: use S256 or plain.'
  }
  return undefined
}

/** response_type is a list: code (default), token, granted_scopes */
function responseTypes(query: DialogQuery): string[] {
  const types = (query.response_type ?? 'code').split(/[\s,]+/).filter(Boolean)
  return types.length > 0 ? types : ['code']
}

function withParams(uri: string, params: Record<string, string | undefined>, fragment: boolean): string {
  const search = new URLSearchParams()
  for (const [key, value] of Object.entries(params)) if (value !== undefined) search.set(key, value)
  const url = new URL(uri)
  if (fragment) {
    url.hash = search.toString()
    return url.toString()
  }
  for (const [key, value] of search) url.searchParams.set(key, value)
  return url.toString()
}

function decide(
  runtime: SandboxRuntime,
  reply: FastifyReply,
  query: DialogQuery,
  decision: string,
  userId?: string,
) {
  const redirectUri = query.redirect_uri as string
  const types = responseTypes(query)
  if (userId && decision === 'approve' && query.sandbox_decline !== undefined)
    runtime.declinedScopes.set(userId, query.sandbox_decline.split(',').filter(Boolean))
  // only the code comes back in the query; tokens come back in the fragment
  const fragment = types.includes('token')
  const granted = types.includes('granted_scopes') ? requestedScopes(query).join(',') : undefined
  if (decision !== 'approve') {
    return reply.redirect(
      withParams(
        redirectUri,
        {
          error: 'access_denied',
          error_code: '200',
          error_description: 'Permissions error',
          error_reason: 'user_denied',
          state: query.state,
        },
        fragment,
      ),
      302,
    )
  }
  const user = userId ? runtime.state.users.get(userId) : undefined
  if (!user) return errorPage(reply, 'Choose a sandbox user to log in as.')
  const scopes = requestedScopes(query)
  if (fragment) {
    const token = mintUserToken(runtime.state, runtime.app, user.id, scopes, false)
    return reply.redirect(
      withParams(
        redirectUri,
        {
          access_token: token.token,
          data_access_expiration_time: String(token.issuedAt + 90 * 86400),
          expires_in: String(SHORT_LIVED_SECONDS),
          state: query.state,
        },
        true,
      ),
      302,
    )
  }
  const code = randomCode()
  runtime.state.codes.set(code, {
    code,
    clientId: runtime.app.appId,
    redirectUri,
    userId: user.id,
    scopes,
    codeChallenge: query.code_challenge,
    codeChallengeMethod: query.code_challenge
      ? query.code_challenge_method === 'S256'
        ? 'S256'
        : 'plain'
      : undefined,
    expiresAt: runtime.state.nowSec() + CODE_TTL_SECONDS,
    used: false,
  })
  runtime.state.markDirty()
  return reply.redirect(
    withParams(redirectUri, { code, granted_scopes: granted, state: query.state }, false),
    302,
  )
}

function errorPage(reply: FastifyReply, message: string) {
  return reply
    .code(400)
    .type('text/html; charset=utf-8')
    .send(layout('Error', `<h1>Sorry, something went wrong</h1><p class="error">${escapeHtml(message)}</p>`))
}

function layout(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>${escapeHtml(title)} | Facebook (sandbox)</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font-family:system-ui,sans-serif;background:#f0f2f5;margin:0}main{max-width:480px;margin:40px auto;background:#fff;border-radius:8px;padding:24px;box-shadow:0 1px 4px #0002}
h1{font-size:1.3em}.badge{background:#1877f2;color:#fff;border-radius:4px;padding:2px 6px;font-size:.75em}label{display:block;padding:8px;border:1px solid #ddd;border-radius:6px;margin:6px 0;cursor:pointer}
small{color:#65676b}button{font-size:1em;padding:8px 16px;border-radius:6px;border:0;margin-right:8px;cursor:pointer}.approve{background:#1877f2;color:#fff}.decline{background:#e4e6eb}.error{color:#b00}</style>
</head><body><main><p><span class="badge">SANDBOX</span> Facebook Login</p>${body}</main></body></html>`
}

function dialogPage(runtime: SandboxRuntime, query: DialogQuery, action: string): string {
  const users = [...runtime.state.users.values()].sort((a, b) =>
    a.kind === b.kind ? 0 : a.kind === 'team' ? -1 : 1,
  )
  const hidden = Object.entries(query)
    .filter(([key, value]) => value !== undefined && !key.startsWith('sandbox_'))
    .map(
      ([key, value]) =>
        `<input type="hidden" name="${escapeHtml(key)}" value="${escapeHtml(String(value))}">`,
    )
    .join('')
  const choices = users
    .map((user, index) => {
      const pages = Object.keys(user.roles)
        .map((pageId) => runtime.state.pages.get(pageId)?.name ?? pageId)
        .join(', ')
      const note = user.kind === 'team' ? `team member${pages ? ` of ${pages}` : ''}` : 'fan'
      return `<label><input type="radio" name="user" value="${escapeHtml(user.id)}"${index === 0 ? ' checked' : ''}> ${escapeHtml(user.name)} <small>(${escapeHtml(note)})</small></label>`
    })
    .join('')
  const scopes = requestedScopes(query)
    .map((scope) => `<li>${escapeHtml(scope)}</li>`)
    .join('')
  return layout(
    'Log in',
    `<h1>${escapeHtml(runtime.appName)} wants to access your account</h1>
<form method="post" action="${escapeHtml(action)}">${hidden}
<fieldset style="border:0;padding:0"><legend>Continue as</legend>${choices}</fieldset>
<p>Requested permissions:</p><ul>${scopes}</ul>
<button class="approve" type="submit" name="decision" value="approve">Approve</button>
<button class="decline" type="submit" name="decision" value="decline">Decline</button>
</form>`,
  )
}

export function registerDialogRoutes(app: FastifyInstance, runtime: SandboxRuntime): void {
  const show = async (request: { query: unknown; url: string }, reply: FastifyReply) => {
    const parsed = DialogQuery.safeParse(request.query)
    if (!parsed.success) return errorPage(reply, 'Invalid dialog parameters.')
    const query = parsed.data
    const problem = problemWith(runtime, query)
    if (problem) return errorPage(reply, problem)
    if (query.sandbox_decision)
      return decide(runtime, reply, query, query.sandbox_decision, query.sandbox_user)
    const action = `${request.url.split('?')[0]}/decide`
    return reply.type('text/html; charset=utf-8').send(dialogPage(runtime, query, action))
  }
  const submit = async (request: { body: unknown }, reply: FastifyReply) => {
    const parsed = Decision.safeParse(request.body)
    if (!parsed.success) return errorPage(reply, 'Invalid form.')
    const problem = problemWith(runtime, parsed.data)
    if (problem) return errorPage(reply, problem)
    return decide(runtime, reply, parsed.data, parsed.data.decision, parsed.data.user)
  }
  for (const prefix of ['', '/:version']) {
    app.get(`${prefix}/dialog/oauth`, show)
    app.post(`${prefix}/dialog/oauth/decide`, submit)
  }
}
