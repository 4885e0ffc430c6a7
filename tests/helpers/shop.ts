// Test helpers for the sandbox shop: start one on a random port (a real HTTP peer), drive its control
// API, and connect it to Fanfare through the JSON API as an admin would.
import { type ShopSandboxOptions, type StartedShopSandbox, startShopSandbox } from '../../sandbox/shop/app.js'
import {
  DEMO_SHOP_DOMAIN,
  DEMO_SHOPIFY_CLIENT_ID,
  DEMO_SHOPIFY_CLIENT_SECRET,
  DEMO_WOO_CONSUMER_KEY,
  DEMO_WOO_CONSUMER_SECRET,
} from '../../sandbox/shop/seed.js'
import type { apiClient } from './fanfare.js'

export type { StartedShopSandbox }
export { DEMO_SHOP_DOMAIN, DEMO_SHOPIFY_CLIENT_SECRET }

export const WOO_WEBHOOK_SECRET = 'woo-webhook-secret-for-tests'

export const startTestShop = (options: ShopSandboxOptions = {}) => startShopSandbox(options)

export async function shopControl(
  shop: StartedShopSandbox,
  method: string,
  path: string,
  body?: unknown,
  // biome-ignore lint/suspicious/noExplicitAny: control answers are inspected freely
): Promise<any> {
  const response = await fetch(`${shop.url}/__shop${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const json = await response.json()
  if (!response.ok)
    throw new Error(`shop control ${method} ${path} → ${response.status}: ${JSON.stringify(json)}`)
  return json
}

export const shopifyConnection = {
  platform: 'shopify',
  name: 'Demo Webshop (Shopify)',
  shopDomain: DEMO_SHOP_DOMAIN,
  clientId: DEMO_SHOPIFY_CLIENT_ID,
  clientSecret: DEMO_SHOPIFY_CLIENT_SECRET,
} as const

export const wooConnection = (shop: StartedShopSandbox) =>
  ({
    platform: 'woocommerce',
    name: 'Demo Webshop (WooCommerce)',
    baseUrl: shop.url,
    consumerKey: DEMO_WOO_CONSUMER_KEY,
    consumerSecret: DEMO_WOO_CONSUMER_SECRET,
    webhookSecret: WOO_WEBHOOK_SECRET,
  }) as const

/** Connects the sandbox's Shopify (or WooCommerce) demo shop through the API; answers its connection id. */
export async function connectShop(
  api: ReturnType<typeof apiClient>,
  body: typeof shopifyConnection | ReturnType<typeof wooConnection> | Record<string, string>,
): Promise<string> {
  const res = await api.post('/api/v1/shop/connections', body)
  if (res.status !== 201) throw new Error(`connect refused: ${res.status} ${JSON.stringify(res.body)}`)
  return res.body.id as string
}

/** A sandbox variant id as each platform names it. */
export const shopifyVariant = (id: number) => `gid://shopify/ProductVariant/${id}`
