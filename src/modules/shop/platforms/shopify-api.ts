// @shopify/shopify-api wired for Fanfare: its Node adapter, and its one supported seam for where
// calls go, the runtime's abstract fetch. The library always calls https://{shop}; the sandbox shop
// (and a local test double) listens on plain http, so a configured Admin URL replaces the origin of
// calls to that shop. Nothing else of the request changes, so the library's own paths, headers,
// versioning and retries are what the sandbox receives.
import '@shopify/shopify-api/adapters/node'
import { ApiVersion, LogSeverity, shopifyApi } from '@shopify/shopify-api'
import { abstractFetch, setAbstractFetchFunc } from '@shopify/shopify-api/runtime'

const nodeFetch = abstractFetch
/** shop domain → origin to call instead of https://{domain} */
const adminOrigins = new Map<string, string>()

setAbstractFetchFunc(async (input, init) => {
  const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url)
  const origin = adminOrigins.get(url.hostname)
  if (!origin) return nodeFetch(input, init)
  return nodeFetch(`${origin}${url.pathname}${url.search}`, init)
})

/** Sends every Admin API call for `shopDomain` to `origin` (the sandbox shop). */
export function routeShopTo(shopDomain: string, origin: string): void {
  adminOrigins.set(shopDomain, origin.replace(/\/$/, ''))
}

export const SHOPIFY_API_VERSIONS = Object.values(ApiVersion) as string[]

export type ShopifyApp = {
  clientId: string
  clientSecret: string
  apiVersion: string
  hostName: string
  accessToken?: string
}

export function shopifyFor(app: ShopifyApp) {
  return shopifyApi({
    apiKey: app.clientId,
    apiSecretKey: app.clientSecret,
    apiVersion: app.apiVersion as ApiVersion,
    hostName: app.hostName,
    isEmbeddedApp: false,
    // A token from the Dev Dashboard is used as is; without one the client-credentials grant gets one.
    ...(app.accessToken ? { isCustomStoreApp: true, adminApiAccessToken: app.accessToken } : {}),
    logger: { level: LogSeverity.Error, log: async () => {} },
  })
}

export type Shopify = ReturnType<typeof shopifyFor>
