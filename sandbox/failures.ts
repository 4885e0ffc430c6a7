// Failure injection: the next N Graph calls matching a path/method fail the way a test asks.
import { z } from 'zod'

export const FailureKind = z.enum([
  'transient',
  'rate_limit_app',
  'rate_limit_user',
  'rate_limit_page',
  'auth',
  'permission',
  'invalid',
  // the write succeeds, then the answer is a transient 500 / the socket is closed
  'commit_then_transient',
  'commit_then_close',
  // the answer is delayed by delayMs (for client timeouts)
  'delay',
])
export type FailureKind = z.infer<typeof FailureKind>

export const FailureRuleInput = z.object({
  kind: FailureKind,
  times: z.number().int().min(1).default(1),
  /** regular expression tested against the path without version prefix and query, e.g. "/feed$" */
  path: z.string().optional(),
  method: z
    .string()
    .transform((value) => value.toUpperCase())
    .optional(),
  /** for auth: the 190 subcode (default 463) */
  subcode: z.number().int().optional(),
  /** for rate limits: estimated_time_to_regain_access in minutes (default 5) */
  estimatedMinutes: z.number().int().min(0).default(5),
  /** for delay */
  delayMs: z.number().int().min(0).default(0),
})
export type FailureRuleInput = z.input<typeof FailureRuleInput>

export interface FailureRule extends z.infer<typeof FailureRuleInput> {
  id: number
  remaining: number
  pattern?: RegExp
}

export class FailureInjector {
  private rules: FailureRule[] = []
  private nextId = 1

  add(input: z.infer<typeof FailureRuleInput>): FailureRule {
    const rule: FailureRule = {
      ...input,
      id: this.nextId++,
      remaining: input.times,
      pattern: input.path ? new RegExp(input.path) : undefined,
    }
    this.rules.push(rule)
    return rule
  }

  /** The first matching rule with calls left, which is used up by one. */
  take(method: string, path: string): FailureRule | undefined {
    if (this.rules.length === 0) return undefined
    const rule = this.rules.find(
      (candidate) =>
        candidate.remaining > 0 &&
        (!candidate.method || candidate.method === method) &&
        (!candidate.pattern || candidate.pattern.test(path)),
    )
    if (!rule) return undefined
    rule.remaining -= 1
    if (rule.remaining === 0) this.rules = this.rules.filter((candidate) => candidate !== rule)
    return rule
  }

  list(): Omit<FailureRule, 'pattern'>[] {
    return this.rules.map(({ pattern: _pattern, ...rule }) => rule)
  }

  clear(): void {
    this.rules = []
  }
}
