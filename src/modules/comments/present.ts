// Comments, imports and barometer figures as the views and the JSON API show them.
import { DateTime } from 'luxon'
import type { BarometerReport } from './barometer.js'
import type { Comment } from './comment-repository.js'
import type { CommentImport } from './import-repository.js'
import { fillPlaceholders, firstNameOf } from './replies.js'
import type { CommentView } from './schemas.js'
import type { SavedReply } from './settings-repository.js'

const iso = (d: Date | null | undefined) => (d ? new Date(d).toISOString() : null)

export function presentComment(c: Comment): CommentView {
  return {
    id: c.facebookCommentId,
    facebookPageId: c.facebookPageId,
    postId: c.postId,
    parentId: c.parentId ?? null,
    from: { id: c.from?.id ?? null, name: c.from?.name ?? null },
    byPage: Boolean(c.byPage),
    message: c.message ?? '',
    createdTime: iso(c.createdTime),
    hidden: Boolean(c.hidden),
    removed: Boolean(c.removed),
    language: c.language ?? null,
    sentiment: c.sentiment ?? null,
    score: c.score ?? 0,
    complaint: Boolean(c.complaint),
    category: c.category ?? null,
    signals: (c.signals ?? []).map((s) => ({
      text: String(s.text),
      kind: String(s.kind),
      weight: Number(s.weight),
    })),
    status: c.status,
    assignee: c.assigneeId ? { id: c.assigneeId, name: c.assigneeName ?? '' } : null,
    firstResponseAt: iso(c.firstResponseAt),
    responseSeconds: c.responseSeconds ?? null,
    actions: (c.actions ?? []).map((a) => ({
      at: new Date(a.at).toISOString(),
      kind: a.kind,
      by: a.by?.name ?? '',
      text: a.text ?? null,
    })),
  }
}

/** "3 min", "2 h 5 min", "1 d 4 h": short and language-neutral. */
export function duration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return '—'
  if (seconds < 60) return `${Math.round(seconds)} s`
  const minutes = Math.round(seconds / 60)
  if (minutes < 60) return `${minutes} min`
  const hours = Math.floor(minutes / 60)
  if (hours < 24) return `${hours} h ${minutes % 60} min`
  return `${Math.floor(hours / 24)} d ${hours % 24} h`
}

/** The inbox row: the comment plus what a template should not compute. */
export function inboxRow(c: Comment, zone = 'Europe/Amsterdam') {
  const view = presentComment(c)
  return {
    ...view,
    when: c.createdTime ? DateTime.fromJSDate(c.createdTime, { zone }).toFormat('dd-MM HH:mm') : '',
    why: view.signals
      .filter((s) => s.weight < 0 || view.sentiment !== 'negative')
      .slice(0, 4)
      .map((s) => s.text),
    answered: Boolean(c.firstResponseAt),
    responseTime: duration(c.responseSeconds),
  }
}

export function presentImport(run: CommentImport) {
  return {
    id: run.id,
    facebookPageId: run.facebookPageId,
    reason: run.reason,
    state: run.state,
    posts: run.posts,
    postsDone: run.postsDone,
    comments: run.comments,
    percent: run.posts ? Math.round((100 * run.postsDone) / run.posts) : run.state === 'done' ? 100 : 0,
    error: run.error ?? null,
    createdAt: new Date(run.createdAt as Date).toISOString(),
  }
}

export function presentSavedReply(r: SavedReply, comment?: Comment) {
  return {
    id: r.id,
    name: r.name,
    language: r.language,
    text: r.text,
    // Ready to send but for the order number, which the moderator types.
    filled: comment
      ? fillPlaceholders(r.text, { firstName: firstNameOf(comment), orderNumber: '{order_number}' })
      : r.text,
  }
}

const BAR_WIDTH = 600

/** Day bars as SVG rectangles (no inline styles: the CSP allows none). */
export function dayBars(days: BarometerReport['days']) {
  const max = Math.max(1, ...days.map((d) => d.total))
  return days.map((d, i) => {
    const scale = BAR_WIDTH / max
    const pos = Math.round(d.positive * scale)
    const neu = Math.round(d.neutral * scale)
    const neg = Math.round(d.negative * scale)
    return {
      ...d,
      y: i * 24,
      labelY: i * 24 + 15,
      positiveX: 90,
      positiveW: pos,
      neutralX: 90 + pos,
      neutralW: neu,
      negativeX: 90 + pos + neu,
      negativeW: neg,
      totalX: 96 + pos + neu + neg,
    }
  })
}

export function categoryBars(categories: BarometerReport['categories']) {
  const max = Math.max(1, ...categories.map((c) => c.count))
  return categories.map((c, i) => ({
    ...c,
    y: i * 24,
    labelY: i * 24 + 15,
    width: Math.round((c.count * 400) / max),
    countX: 176 + Math.round((c.count * 400) / max),
  }))
}

/** RFC 4180 CSV; cells starting with = + - @ are prefixed so spreadsheets do not run them. */
export function toCsv(rows: (string | number | null)[][]): string {
  const cell = (v: string | number | null) => {
    let s = v === null ? '' : String(v)
    if (/^[=+\-@]/.test(s)) s = `'${s}`
    return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s
  }
  return `${rows.map((r) => r.map(cell).join(',')).join('\r\n')}\r\n`
}

export function barometerCsv(report: BarometerReport): string {
  const rows: (string | number | null)[][] = [
    [
      'day',
      'total',
      'positive',
      'neutral',
      'negative',
      'complaints',
      ...Object.keys(report.days[0]?.categories ?? {}),
    ],
  ]
  for (const d of report.days) {
    rows.push([
      d.day,
      d.total,
      d.positive,
      d.neutral,
      d.negative,
      d.complaints,
      ...Object.values(d.categories),
    ])
  }
  rows.push([])
  rows.push(['week', 'term', 'count'])
  for (const w of report.words) rows.push([w.week, w.term, w.count])
  rows.push([])
  rows.push(['moderator', 'answered', 'median_seconds', 'p90_seconds'])
  rows.push(['(all)', report.response.answered, report.response.medianSeconds, report.response.p90Seconds])
  for (const m of report.response.byModerator)
    rows.push([m.name || '(outside Fanfare)', m.answered, m.medianSeconds, m.p90Seconds])
  return toCsv(rows)
}
