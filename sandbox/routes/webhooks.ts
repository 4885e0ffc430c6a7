// Webhook setup: a page installs the app (/{page-id}/subscribed_apps) and the app subscribes to
// the page object (/{app-id}/subscriptions, verified with a GET to the callback like Meta does).
import { randomInt } from 'node:crypto'
import { GraphApiError, invalidParameter, permissionError } from '../errors.js'
import type { GraphContext, GraphRouter, Target } from '../graph-router.js'
import type { AppSubscription } from '../model.js'
import { MANAGE_WEBHOOKS, requirePageAccess, requireToken } from '../permissions.js'

type PageTarget = Extract<Target, { kind: 'page' }>

const PAGE_FIELDS = new Set([
  'feed',
  'mention',
  'messages',
  'messaging_postbacks',
  'message_deliveries',
  'message_reads',
  'name',
  'picture',
  'ratings',
  'live_videos',
])

function splitList(raw: string | undefined): string[] {
  if (!raw) return []
  const trimmed = raw.trim()
  if (trimmed.startsWith('[')) {
    try {
      return (JSON.parse(trimmed) as unknown[]).map(String)
    } catch {
      throw invalidParameter('Param subscribed_fields must be a list')
    }
  }
  return trimmed
    .split(',')
    .map((field) => field.trim())
    .filter(Boolean)
}

function listSubscribedApps(ctx: GraphContext, target: PageTarget) {
  requirePageAccess(ctx.runtime.state, ctx.token, target.id, MANAGE_WEBHOOKS)
  const { runtime } = ctx
  const data = Object.entries(target.page.installedApps).map(([appId, fields]) => ({
    category: 'Business',
    link: `https://fanfare.example/app/${appId}`,
    name: appId === runtime.app.appId ? runtime.appName : `App ${appId}`,
    id: appId,
    subscribed_fields: fields,
  }))
  return { data }
}

function subscribeApp(ctx: GraphContext, target: PageTarget) {
  const token = requirePageAccess(ctx.runtime.state, ctx.token, target.id, MANAGE_WEBHOOKS)
  const fields = splitList(ctx.params.subscribed_fields)
  if (fields.length === 0) throw invalidParameter('The parameter subscribed_fields is required')
  const unknown = fields.find((field) => !PAGE_FIELDS.has(field))
  if (unknown) {
    throw invalidParameter(
      `Param subscribed_fields[0] must be one of {${[...PAGE_FIELDS].join(', ')}} - got "${unknown}".`,
    )
  }
  target.page.installedApps[token.appId] = fields
  ctx.runtime.state.markDirty()
  // Graph documents this value as the string "true"
  return { success: 'true' }
}

function unsubscribeApp(ctx: GraphContext, target: PageTarget) {
  const token = requirePageAccess(ctx.runtime.state, ctx.token, target.id, MANAGE_WEBHOOKS)
  delete target.page.installedApps[token.appId]
  ctx.runtime.state.markDirty()
  return { success: true }
}

function requireAppToken(ctx: GraphContext): void {
  const token = requireToken(ctx.token)
  if (token.type !== 'APP') throw permissionError('This method must be called with an app access_token.', 15)
}

function describeSubscription(ctx: GraphContext, subscription: AppSubscription) {
  return {
    object: subscription.object,
    callback_url: subscription.callbackUrl,
    active: subscription.active,
    fields: subscription.fields.map((name) => ({ name, version: ctx.runtime.defaultVersion })),
  }
}

function listSubscriptions(ctx: GraphContext) {
  requireAppToken(ctx)
  const { subscription } = ctx.runtime.state
  return { data: subscription ? [describeSubscription(ctx, subscription)] : [] }
}

/** Meta's verification request: the callback must echo hub.challenge. */
export async function verifyCallback(callbackUrl: string, verifyToken: string): Promise<string | undefined> {
  const challenge = String(randomInt(1, 2 ** 31 - 1))
  const url = new URL(callbackUrl)
  url.searchParams.set('hub.mode', 'subscribe')
  url.searchParams.set('hub.challenge', challenge)
  url.searchParams.set('hub.verify_token', verifyToken)
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(10_000) })
    const body = (await response.text()).trim()
    if (!response.ok) return `Received HTTP code: ${response.status}`
    if (body !== challenge) return 'The response body does not match the hub.challenge value'
    return undefined
  } catch (error) {
    return `Couldn't connect to server: ${error instanceof Error ? error.message : String(error)}`
  }
}

async function createSubscription(ctx: GraphContext) {
  requireAppToken(ctx)
  const { object, callback_url: callbackUrl, verify_token: verifyToken } = ctx.params
  if (object !== 'page') throw invalidParameter('The sandbox supports object=page only')
  if (!callbackUrl || !/^https?:\/\//.test(callbackUrl))
    throw invalidParameter('Param callback_url must be a valid URL')
  if (!verifyToken) throw invalidParameter('The parameter verify_token is required')
  const fields = splitList(ctx.params.fields)
  if (fields.length === 0) throw invalidParameter('The parameter fields is required')
  const problem = await verifyCallback(callbackUrl, verifyToken)
  if (problem) {
    throw new GraphApiError(400, {
      message: `(#2200) callback verification failed: ${problem}`,
      type: 'OAuthException',
      code: 2200,
    })
  }
  ctx.runtime.state.subscription = { object: 'page', callbackUrl, verifyToken, fields, active: true }
  ctx.runtime.state.markDirty()
  return { success: true }
}

function deleteSubscription(ctx: GraphContext) {
  requireAppToken(ctx)
  ctx.runtime.state.subscription = undefined
  ctx.runtime.state.markDirty()
  return { success: true }
}

function getApp(ctx: GraphContext) {
  requireToken(ctx.token)
  return { id: ctx.runtime.app.appId, name: ctx.runtime.appName }
}

export function registerWebhookRoutes(router: GraphRouter): void {
  router.on('GET', 'page', 'subscribed_apps', listSubscribedApps)
  router.on('POST', 'page', 'subscribed_apps', subscribeApp)
  router.on('DELETE', 'page', 'subscribed_apps', unsubscribeApp)
  router.on('GET', 'app', '', getApp)
  router.on('GET', 'app', 'subscriptions', listSubscriptions)
  router.on('POST', 'app', 'subscriptions', createSubscription)
  router.on('DELETE', 'app', 'subscriptions', deleteSubscription)
}
