// @shopify/shopify-api wired for Fanfare: its Node adapter, and its one supported seam for where
// calls go, the runtime's abstract fetch. The library always calls https://{shop}; the sandbox shop
// (and a local test double) listens on plain http, so a configured Admin URL replaces the origin of
// calls to that shop. Nothing else of the request changes, so the library's own paths, headers,
// versioning and retries are what the sandbox receives.
// The library (with jose, lossless-json and its GraphQL clients, ~17 MB of a web process's RSS) is
// loaded on first use, when a Shopify connection is called or its webhook checked, not at start.
import type * as ShopifyLibrary from '@shopify/shopify-api'

export type ShopifyLib = typeof ShopifyLibrary

/** shop domain → origin to call instead of https://{domain} */
const adminOrigins = new Map<string, string>()
let loading: Promise<ShopifyLib> | null = null

/** The library, imported once, with Fanfare's fetch seam in place. */
export function loadShopify(): Promise<ShopifyLib> {
  loading ??= (async () => {
    await import('@shopify/shopify-api/adapters/node')
    const [library, runtime] = await Promise.all([
      import('@shopify/shopify-api'),
      import('@shopify/shopify-api/runtime'),
    ])
    const nodeFetch = runtime.abstractFetch
    runtime.setAbstractFetchFunc(async (input, init) => {
      const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url)
      const origin = adminOrigins.get(url.hostname)
      if (!origin) return nodeFetch(input, init)
      return nodeFetch(`${origin}${url.pathname}${url.search}`, init)
    })
    return library
  })()
  loading.catch(() => {
    loading = null
  })
  return loading
}

/** Sends every Admin API call for `shopDomain` to `origin` (the sandbox shop). */
export function routeShopTo(shopDomain: string, origin: string): void {
  adminOrigins.set(shopDomain, origin.replace(/\/$/, ''))
}

export type ShopifyApp = {
  clientId: string
  clientSecret: string
  apiVersion: string
  hostName: string
  accessToken?: string
}

export async function shopifyFor(app: ShopifyApp) {
  const { shopifyApi, LogSeverity } = await loadShopify()
  return shopifyApi({
    apiKey: app.clientId,
    apiSecretKey: app.clientSecret,
    apiVersion: app.apiVersion as ShopifyLibrary.ApiVersion,
    hostName: app.hostName,
    isEmbeddedApp: false,
    // A token from the Dev Dashboard is used as is; without one the client-credentials grant gets one.
    ...(app.accessToken ? { isCustomStoreApp: true, adminApiAccessToken: app.accessToken } : {}),
    logger: { level: LogSeverity.Error, log: async () => {} },
  })
}

export type Shopify = Awaited<ReturnType<typeof shopifyFor>>
