// Validation problems as a person reads them: each zod issue (and each field of a domain error)
// becomes one message in the person's language, by field, for the form and for the JSON API alike.
import type { z } from 'zod'
import { hasKey, type Locale, translate } from './i18n/index.js'

/** A zod issue as fastify-type-provider-zod hands it over (its `params` hold the issue's details). */
export type ValidationIssue = {
  keyword?: string
  instancePath: string
  message?: string
  params?: Record<string, unknown>
}

/** `/questions/0/textNl` → `questions.0.textNl`, the path a form field's error is filed under. */
export const fieldPathOf = (instancePath: string) => instancePath.replace(/^\//, '').replaceAll('/', '.')

/**
 * Of a union's options, the one the input was meant for: the only one it has the right type for
 * (a word list typed as text, not sent as an array; a list with a bad item), so its own problem is
 * named, not "choose one".
 */
function meantOption(errors: unknown): ValidationIssue | null {
  if (!Array.isArray(errors)) return null
  const typed = errors.filter(
    (issues): issues is z.core.$ZodIssue[] =>
      Array.isArray(issues) &&
      issues.length > 0 &&
      issues.some((i) => i.code !== 'invalid_type' || i.path.length > 0),
  )
  const first = typed.length === 1 ? typed[0]?.[0] : undefined
  return first ? (issuesOf({ issues: [first] })[0] ?? null) : null
}

/**
 * The i18n key and parameters of an issue: a schema's own message is a key (`invalid.slug`,
 * `campaigns.metaRule.shareToEnter` under `errors.`); zod's built-in checks map by code and origin.
 */
export function issueKey(issue: ValidationIssue): { key: string; params: Record<string, unknown> } {
  const p = issue.params ?? {}
  const params = {
    ...((p.params as Record<string, unknown> | undefined) ?? {}),
    min: p.minimum,
    max: p.maximum,
  }
  const meant = meantOption(p.errors)
  if (issue.keyword === 'invalid_union' && meant) return issueKey(meant)
  const own = issue.message ?? ''
  if (own && hasKey(`errors.${own}`)) return { key: `errors.${own}`, params }
  if (own && /^[a-z]+(\.[A-Za-z_]+)+$/.test(own) && hasKey(own)) return { key: own, params }
  const origin = String(p.origin ?? '')
  switch (issue.keyword) {
    case 'invalid_type':
      return { key: /received undefined/.test(own) ? 'invalid.required' : 'invalid.type', params }
    case 'too_small':
      if (origin === 'string')
        return { key: p.minimum === 1 ? 'invalid.required' : 'invalid.tooShort', params }
      if (origin === 'array' || origin === 'set') return { key: 'invalid.tooFew', params }
      return { key: 'invalid.tooSmall', params }
    case 'too_big':
      if (origin === 'string') return { key: 'invalid.tooLong', params }
      if (origin === 'array' || origin === 'set') return { key: 'invalid.tooMany', params }
      return { key: 'invalid.tooBig', params }
    case 'invalid_format':
      return {
        key: p.format === 'url' ? 'invalid.url' : p.format === 'email' ? 'invalid.email' : 'invalid.format',
        params,
      }
    case 'invalid_value':
    case 'invalid_union':
      return Array.isArray(p.values) && p.values.length
        ? { key: 'invalid.choiceOf', params: { ...params, options: p.values.join(', ') } }
        : { key: 'invalid.choice', params }
    case 'not_multiple_of':
      return { key: 'invalid.step', params: { ...params, step: p.divisor } }
    default:
      return { key: 'invalid.format', params }
  }
}

export const issueMessage = (issue: ValidationIssue, locale: Locale) => {
  const { key, params } = issueKey(issue)
  return translate(locale, key, params)
}

/** Every field's problems, `{ path: message }` in the person's language. */
export function fieldErrors(issues: ValidationIssue[], locale: Locale): Record<string, string> {
  const errors: Record<string, string> = {}
  for (const issue of issues) {
    const path = fieldPathOf(issue.instancePath)
    const message = issueMessage(issue, locale)
    // Several problems of one field (two of Meta's rules in one text) are all named.
    errors[path] = errors[path] ? `${errors[path]} ${message}` : message
  }
  return errors
}

/**
 * How a route's HTML form is shown again when it is refused: the page to render from the person's
 * own input, and the human label of each field (an i18n key by path, `*` for a row's index, which
 * the label gets as `n1`, `n2`, counted from 1). A route declares it as `config: { form }`.
 */
export type FormSpec = {
  labels: Record<string, string>
  render(
    request: import('fastify').FastifyRequest,
    input: Record<string, unknown>,
  ): Promise<{ template: string; model: Record<string, unknown> }>
}

/** The person-readable label of a field, or null when the form has none for it. */
export function labelOf(labels: Record<string, string>, path: string, locale: Locale): string | null {
  const parts = path.split('.')
  // The field itself, else the nearest group it belongs to (`questions.0.options.1` → `questions.*.options`).
  for (let end = parts.length; end > 0; end--) {
    const numbers = parts.slice(0, end).filter((p) => /^\d+$/.test(p))
    const pattern = parts
      .slice(0, end)
      .map((p) => (/^\d+$/.test(p) ? '*' : p))
      .join('.')
    const key = labels[pattern]
    if (key) {
      const params = Object.fromEntries(numbers.map((n, i) => [`n${i + 1}`, Number(n) + 1]))
      return translate(locale, key, params)
    }
  }
  return null
}

export type SummaryItem = { href: string | null; label: string | null; message: string }

/**
 * What the top of a refused form lists: each problem with its field's label, linking to the field
 * when the form has it; a problem of no field (a rule of the whole request) without a link.
 */
export function errorSummary(
  errors: Record<string, string>,
  general: string[],
  labels: Record<string, string>,
  locale: Locale,
): SummaryItem[] {
  const items: SummaryItem[] = general.map((message) => ({ href: null, label: null, message }))
  for (const [path, message] of Object.entries(errors)) {
    const label = labelOf(labels, path, locale)
    items.push({ href: label ? `#${fieldIdOf(path)}` : null, label, message })
  }
  return items
}

export const fieldIdOf = (path: string) => `f-${path.replaceAll('.', '-')}`

/** The issues of a ZodError a route parsed itself, in the shape the error handler gets them. */
export const issuesOf = (error: { issues: readonly z.core.$ZodIssue[] }): ValidationIssue[] =>
  error.issues.map(({ code, path, message, ...rest }) => ({
    keyword: code,
    instancePath: `/${path.join('/')}`,
    message,
    params: rest as Record<string, unknown>,
  }))
