// For `npm start` without a shop: connects the sandbox shop's demo Shopify store once and points its
// webhooks at this install (through the sandbox's control API; a real shop is set up by its admin).

import {
  DEMO_SHOP_DOMAIN,
  DEMO_SHOP_NAME,
  DEMO_SHOPIFY_CLIENT_ID,
  DEMO_SHOPIFY_CLIENT_SECRET,
} from '../../../sandbox/shop/seed.js'
import { SYSTEM_ACTOR } from '../audit/service.js'
import type { Connections } from './connections.js'
import { webhookPath } from './present.js'

export async function connectSandboxDemo(
  connections: Connections,
  opts: { sandboxUrl: string; publicUrl: string },
): Promise<{ connectionId: string; created: boolean }> {
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
  const state = (await (await fetch(`${opts.sandboxUrl}/__shop/state`)).json()) as {
    subscriptions: { url: string }[]
  }
  if (!state.subscriptions.some((s) => s.url === url)) {
    await fetch(`${opts.sandboxUrl}/__shop/subscriptions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ platform: 'shopify', url }),
    })
  }
  return { connectionId: connection.id, created: !existing }
}
