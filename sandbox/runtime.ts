// Everything a sandbox request handler can reach: state, credentials, meters, injectors, webhooks.
import type { FailureInjector } from './failures.js'
import type { SandboxState } from './state.js'
import type { AppCredentials } from './tokens.js'
import type { UsageMeter } from './usage.js'
import type { WebhookDeliverer } from './webhooks/deliverer.js'

/** How list answers page (tests set it through POST /__sandbox/paging). */
export interface ListingMode {
  /** edges (last path segment, e.g. "comments", "feed") answered with time-based paging */
  timeBased: string[]
  /** the next N list answers that have a next page first answer an empty page with next */
  emptyPages: number
}

export interface SandboxRuntime {
  listing: ListingMode
  /** user id → permissions unticked in the dialog (sandbox_decline), listed by /me/permissions as declined */
  declinedScopes: Map<string, string[]>
  app: AppCredentials
  appName: string
  defaultVersion: string
  requireAppsecretProof: boolean
  /** base URL for links the sandbox hands out (paging.next); falls back to the Host header */
  publicUrl?: string
  state: SandboxState
  usage: UsageMeter
  failures: FailureInjector
  webhooks: WebhookDeliverer
  /** back to the demo seed: state, tokens, usage, failures and delivery log */
  reset(): void
}
