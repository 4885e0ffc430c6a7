// The result of a bulk action as the page and the API show it: a line per comment.
import type { BulkOutcome } from './bulk.js'
import type { BulkBody } from './schemas.js'

export type BulkResultRow = { id: string; excerpt: string; ok: boolean; error: string | null }

export function bulkRows(outcomes: BulkOutcome[], explain: (error: unknown) => string): BulkResultRow[] {
  return outcomes.map((o) => ({
    id: o.id,
    excerpt: o.excerpt,
    ok: o.ok,
    error: o.ok ? null : explain(o.error),
  }))
}

export function bulkResultView(body: BulkBody, outcomes: BulkOutcome[], explain: (error: unknown) => string) {
  const rows = bulkRows(outcomes, explain)
  const done = rows.filter((r) => r.ok).length
  return { action: body.action, done, failed: rows.length - done, rows }
}
