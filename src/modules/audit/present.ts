// Audit entries as people read them: a translated sentence ("Anne de Admin wijzigde de rol van Mo"),
// the changed fields with their old and new values, times in the shop's zone and language.
import { type Locale, translate } from '../../i18n/index.js'
import { humanTime } from '../../i18n/time.js'
import type { AuditEntry } from './repository.js'

type Value = unknown
type Ctx = { locale: Locale; zone: string | undefined; names: Map<string, string> }

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/
const MAX_TEXT = 140
/** Fields whose values are codes of an enumeration, translated under `audit.values`. */
const ENUM_FIELDS = new Set([
  'status',
  'kind',
  'state',
  'tokenStatus',
  'entryMethod',
  'sentiment',
  'category',
  'language',
])

function formatValue(key: string, value: Value, ctx: Ctx): string {
  const t = (k: string, p: Record<string, unknown> = {}) => translate(ctx.locale, k, p)
  if (value === null || value === undefined || value === '') return '—'
  if (typeof value === 'boolean') return t(value ? 'audit.yes' : 'audit.no')
  if (typeof value === 'number') return String(value)
  if (value instanceof Date || (typeof value === 'string' && ISO_INSTANT.test(value)))
    return humanTime(value as Date | string, ctx)?.text ?? String(value)
  if (typeof value === 'string') {
    if (key === 'role') return t(`roles.${value}`, { defaultValue: value })
    // Statuses and kinds (enumerations) read as words; anything else is shown as it is.
    if (ENUM_FIELDS.has(key) && /^[a-z_]+$/.test(value))
      return t(`audit.values.${value}`, { defaultValue: value })
    const named = ctx.names.get(value)
    if (named) return named
    return value.length > MAX_TEXT ? `${value.slice(0, MAX_TEXT - 1)}…` : value
  }
  if (Array.isArray(value)) return value.length ? value.map((v) => formatValue(key, v, ctx)).join(', ') : '—'
  const json = JSON.stringify(value)
  return json.length > MAX_TEXT ? `${json.slice(0, MAX_TEXT - 1)}…` : json
}

/** The fields an entry changed (or set), each with its old and new value as text. */
export function changesOf(
  before: Record<string, unknown> | null,
  after: Record<string, unknown> | null,
  ctx: Ctx,
) {
  const keys = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])]
  return (
    keys
      .map((k) => ({
        field: translate(ctx.locale, `audit.fields.${k}`, { defaultValue: k }),
        before: before && k in before ? formatValue(k, before[k], ctx) : null,
        after: after && k in after ? formatValue(k, after[k], ctx) : null,
      }))
      // What reads the same on both sides did not change for a person (null, missing and '' alike).
      .filter((c) => (c.before ?? '—') !== (c.after ?? '—'))
  )
}

/** i18next nests keys at dots, so `team.invite.revoke` is looked up as `team_invite_revoke`. */
const sentenceKey = (action: string) => `audit.sentences.${action.replaceAll('.', '_')}`

/** How the action filter names an action: its sentence about someone and something. */
export function actionLabel(action: string, locale: Locale): string {
  const who = translate(locale, 'audit.someone')
  return translate(locale, sentenceKey(action), { who, what: '…', defaultValue: action })
}

export function auditLine(e: AuditEntry, ctx: Ctx) {
  const who = e.actor?.name ?? ''
  const what = e.target?.label || e.target?.id || ''
  const fallback = translate(ctx.locale, 'audit.sentences.other', { who, action: e.action, what })
  return {
    id: e.id,
    when: humanTime(e.at, ctx),
    via: e.actor?.via ?? 'system',
    sentence: translate(ctx.locale, sentenceKey(e.action), { who, what, defaultValue: fallback }),
    action: e.action,
    changes: changesOf(
      (e.before as Record<string, unknown> | null) ?? null,
      (e.after as Record<string, unknown> | null) ?? null,
      ctx,
    ),
    reason: e.reason ?? null,
  }
}
