// User nodes: /me and /{user-id} (fields), /accounts (pages with page tokens), /permissions.
import { permissionError, unsupportedRequest } from '../errors.js'
import type { GraphContext, GraphRouter, Target } from '../graph-router.js'
import { pagedAnswer } from '../listing.js'
import { requireToken } from '../permissions.js'
import { assertFields, serializeAccount, serializeUser } from '../serialize.js'

type UserTarget = Extract<Target, { kind: 'user' }>

function ownUser(ctx: GraphContext, target: UserTarget) {
  const token = requireToken(ctx.token)
  if (token.type !== 'USER' || token.userId !== target.id) {
    if (token.type === 'APP') return token
    throw unsupportedRequest(ctx.method, target.id)
  }
  return token
}

function getUser(ctx: GraphContext, target: UserTarget) {
  ownUser(ctx, target)
  return serializeUser(target.user, ctx.serialize, ctx.params.fields)
}

function listAccounts(ctx: GraphContext, target: UserTarget) {
  const token = ownUser(ctx, target)
  if (token.type !== 'USER') throw permissionError('An active user access token is required', 200)
  assertFields('Page', ctx.params.fields)
  const { state } = ctx.runtime
  // Without pages_show_list Graph answers with an empty list rather than an error.
  const pageIds = token.scopes.includes('pages_show_list')
    ? Object.entries(target.user.roles)
        .filter(([pageId, tasks]) => tasks.length > 0 && state.pages.has(pageId))
        .map(([pageId]) => pageId)
    : []
  const positions = new Map(pageIds.map((id, index) => [id, index + 1]))
  return pagedAnswer(
    ctx,
    { ids: pageIds, seqOf: (id) => positions.get(id) ?? 0, include: () => true, reverse: false },
    (id) =>
      serializeAccount(
        state.pages.get(id) as NonNullable<ReturnType<typeof state.pages.get>>,
        ctx.serialize,
        ctx.params.fields,
      ),
  )
}

function listPermissions(ctx: GraphContext, target: UserTarget) {
  const token = ownUser(ctx, target)
  // Graph also lists what was asked and declined in the dialog
  const declined = (ctx.runtime.declinedScopes.get(token.userId ?? '') ?? []).filter(
    (scope) => !token.scopes.includes(scope),
  )
  return {
    data: [
      ...token.scopes.map((permission) => ({ permission, status: 'granted' })),
      ...declined.map((permission) => ({ permission, status: 'declined' })),
    ],
  }
}

export function registerUserRoutes(router: GraphRouter): void {
  router.on('GET', 'user', '', getUser)
  router.on('GET', 'user', 'accounts', listAccounts)
  router.on('GET', 'user', 'permissions', listPermissions)
}
