// Everything the sandbox shop's handlers reach: the state, each platform's credentials and throttle.
import type { ThrottleBucket } from './shopify.js'
import type { ShopState } from './state.js'
import type { ShopWebhooks } from './webhooks.js'

export interface ShopSandboxRuntime {
  state: ShopState
  shopify: {
    domain: string
    clientId: string
    clientSecret: string
    /** access token → expiry (ms) */
    tokens: Map<string, number>
    bucket: ThrottleBucket
    /** the next N GraphQL calls answer THROTTLED */
    throttleNext: number
  }
  woocommerce: {
    consumerKey: string
    consumerSecret: string
    /** the next N REST calls answer 429 */
    throttleNext: number
  }
  webhooks: ShopWebhooks
  /** every API call, for tests that count them */
  requests: { platform: 'shopify' | 'woocommerce'; path: string }[]
  reset(): void
}
