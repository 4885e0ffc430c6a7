// Everything a sandbox request handler can reach: state, credentials, meters, injectors, webhooks.
import type { FailureInjector } from './failures.js'
import type { SandboxState } from './state.js'
import type { AppCredentials } from './tokens.js'
import type { UsageMeter } from './usage.js'
import type { WebhookDeliverer } from './webhooks/deliverer.js'

export interface SandboxRuntime {
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
