// For `npm start` without a shop: connects the sandbox shop's demo Shopify store once and points its
// webhooks at this install (through the sandbox's control API; a real shop is set up by its admin).
// On every start the connection is checked once, so the shop page shows this run's health (the
// sandbox shop runs on a new port each start); an admin who removed the demo store keeps it removed.

import {
  DEMO_SHOP_DOMAIN,
  DEMO_SHOP_NAME,
  DEMO_SHOPIFY_CLIENT_ID,
  DEMO_SHOPIFY_CLIENT_SECRET,
} from '../../../sandbox/shop/seed.js'
import { SYSTEM_ACTOR } from '../audit/service.js'
import type { Connections } from './connections.js'
import { webhookPath } from './present.js'

export type SandboxDemo =
  | { connectionId: string; created: boolean; healthy: boolean }
  | { connectionId: null; created: false; healthy: false; removed: true }

export async function connectSandboxDemo(
  connections: Connections,
  opts: { sandboxUrl: string; publicUrl: string },
): Promise<SandboxDemo> {
  if (await connections.wasRemoved('shopify', DEMO_SHOP_DOMAIN))
    return { connectionId: null, created: false, healthy: false, removed: true }
  const existing = (await connections.list()).find(
    (c) => c.platform === 'shopify' && c.shopDomain === DEMO_SHOP_DOMAIN,
  )
  const connection =
    existing ??
    (await connections.connect(SYSTEM_ACTOR, {
      platform: 'shopify',
      name: `${DEMO_SHOP_NAME} (sandbox shop)`,
      shopDomain: DEMO_SHOP_DOMAIN,
      clientId: DEMO_SHOPIFY_CLIENT_ID,
      clientSecret: DEMO_SHOPIFY_CLIENT_SECRET,
    }))
  const url = `${opts.publicUrl}${webhookPath(connection.id)}`
  const state = await fetch(`${opts.sandboxUrl}/__shop/state`)
  if (!state.ok) throw new Error(`the sandbox shop answered ${state.status}`)
  const { subscriptions } = (await state.json()) as { subscriptions: { url: string }[] }
  if (!subscriptions.some((s) => s.url === url)) {
    const subscribed = await fetch(`${opts.sandboxUrl}/__shop/subscriptions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ platform: 'shopify', url }),
    })
    if (!subscribed.ok) throw new Error(`the sandbox shop refused the webhook (${subscribed.status})`)
  }
  // A connection from an earlier run carries that run's health: check it against this run's sandbox.
  const checked = existing ? await connections.check(connection.id) : connection
  return { connectionId: connection.id, created: !existing, healthy: checked.lastError.kind === null }
}
