// Bulk import of posts from CSV (page, time, text, link, image, label) with a report per row.
import { randomUUID } from 'node:crypto'
import { setImmediate } from 'node:timers/promises'
import { parse } from 'csv-parse/sync'
import { DomainError, type ErrorReason, Forbidden, InvalidInput } from '../../errors.js'
import type { AuditLog } from '../audit/service.js'
import type { Page } from '../pages/repository.js'
import type { PageService } from '../pages/service.js'
import type { Author } from './author.js'
import type { PostLabel } from './model.js'
import { violationReasons } from './plan.js'
import type { Queueing } from './publish-queue.js'
import type { Queries } from './queries.js'
import type { NewPost, Post, PostRepository } from './repository.js'
import { plannableTime } from './schedule-time.js'
import { type ImportBody, ImportRow } from './schemas.js'

export const IMPORT_COLUMNS = ['page', 'time', 'text', 'link', 'image', 'label'] as const
export const MAX_IMPORT_ROWS = 1000

export type ImportRowResult = {
  /** the line in the file, counting the header as line 1 */
  row: number
  /** withheld: a valid row not saved because an all-or-nothing import had refused rows */
  status: 'accepted' | 'refused' | 'withheld'
  postId: string | null
  reasons: ErrorReason[]
}

export type ImportResult = {
  allOrNothing: boolean
  accepted: number
  refused: number
  saved: boolean
  rows: ImportRowResult[]
}

type Candidate = {
  index: number
  page: Page
  at: Date
  label: PostLabel
  message: string
  link?: string
  imageUrl?: string
}

/** The rows of an import file, header names lower-cased; a file csv-parse cannot read is a 400. */
export function readCsv(text: string): Record<string, string>[] {
  try {
    return parse(text, {
      columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()),
      skip_empty_lines: true,
      trim: true,
      bom: true,
      relax_column_count: true,
      // Dutch spreadsheets export with semicolons; accept both.
      delimiter: [',', ';'],
    }) as Record<string, string>[]
  } catch (err) {
    throw new InvalidInput('csv', 'posts.import.unreadable', { problem: (err as Error).message })
  }
}

export function createPostImport(deps: {
  posts: PostRepository
  audit: AuditLog
  pages: PageService
  queries: Pick<Queries, 'checkImportRows'>
  queueing: Queueing
  horizonDays: number
}) {
  const { posts, audit, pages, queries, queueing } = deps

  function pageFinder(list: Page[]) {
    return (ref: string) =>
      list.find((p) => p.facebookPageId === ref || p.id === ref) ??
      list.find((p) => p.name.toLowerCase() === ref.toLowerCase())
  }

  return {
    /** `allowed`: the pages the author works on; a row naming another page is an unknown page. */
    async run(author: Author, body: ImportBody, allowed?: Page[]): Promise<ImportResult> {
      if (body.overrideReason && author.role !== 'admin') throw new Forbidden('posts.overrideAdminsOnly')
      const records = readCsv(body.csv)
      if (records.length === 0) throw new InvalidInput('csv', 'posts.import.empty')
      if (records.length > MAX_IMPORT_ROWS)
        throw new InvalidInput('csv', 'posts.import.tooMany', { max: MAX_IMPORT_ROWS })
      const missing = IMPORT_COLUMNS.filter(
        (c) => c !== 'link' && c !== 'image' && !(c in (records[0] ?? {})),
      )
      if (missing.length)
        throw new InvalidInput('csv', 'posts.import.columns', { missing: missing.join(', ') })

      const findPage = pageFinder(allowed ?? (await pages.list()))
      const results: ImportRowResult[] = records.map((_, i) => ({
        row: i + 2,
        status: 'accepted',
        postId: null,
        reasons: [],
      }))
      const candidates: Candidate[] = []
      for (const [index, record] of records.entries()) {
        // Other requests get a turn between rows: a big file never holds the web process for long.
        if (index > 0 && index % 100 === 0) await setImmediate()
        const result = results[index] as ImportRowResult
        const parsed = ImportRow.safeParse(record)
        if (!parsed.success) {
          result.reasons = parsed.error.issues.map((issue) => ({
            path: issue.path.join('.') || 'row',
            code: 'posts.import.field',
            params: { problem: issue.message },
          }))
          continue
        }
        const page = findPage(parsed.data.page)
        if (!page) {
          result.reasons = [
            { path: 'page', code: 'posts.import.unknownPage', params: { page: parsed.data.page } },
          ]
          continue
        }
        const time = plannableTime(parsed.data.time, page.timeZone, deps.horizonDays)
        if ('code' in time) {
          result.reasons = [{ path: 'time', ...time }]
          continue
        }
        candidates.push({
          index,
          page,
          at: time.at,
          label: parsed.data.label,
          message: parsed.data.text,
          link: parsed.data.link,
          imageUrl: parsed.data.image,
        })
      }

      // Rules per page, in file order, each row against the plan and the rows accepted before it.
      // (Map.groupBy would do, but Node 20 does not have it.)
      const byPage = new Map<string, Candidate[]>()
      for (const c of candidates) byPage.set(String(c.page.id), [...(byPage.get(String(c.page.id)) ?? []), c])
      const accepted: Candidate[] = []
      const overridden = new Map<number, string[]>()
      for (const group of byPage.values()) {
        const page = (group[0] as Candidate).page
        const checks = await queries.checkImportRows(page, group)
        group.forEach((candidate, i) => {
          const violations = checks[i]?.violations ?? []
          if (violations.length && !body.overrideReason) {
            ;(results[candidate.index] as ImportRowResult).reasons = violationReasons(
              violations,
              page.timeZone,
            )
          } else {
            if (violations.length)
              overridden.set(
                candidate.index,
                violations.map((v) => v.rule),
              )
            accepted.push(candidate)
          }
        })
      }
      for (const result of results) if (result.reasons.length) result.status = 'refused'
      const refused = results.filter((r) => r.status === 'refused').length
      const save = accepted.length > 0 && !(body.allOrNothing && refused > 0)
      if (!save) {
        // A valid row is not "refused": it waits for the other rows to be fixed.
        if (body.allOrNothing) for (const r of results) if (r.status === 'accepted') r.status = 'withheld'
        return {
          allOrNothing: body.allOrNothing,
          accepted: 0,
          refused,
          saved: false,
          rows: results,
        }
      }

      const importId = randomUUID()
      const docs = accepted
        .sort((a, b) => a.index - b.index)
        .map(
          (c): NewPost => ({
            pageId: c.page.id,
            facebookPageId: c.page.facebookPageId,
            message: c.message,
            link: c.link ?? null,
            imageUrl: c.imageUrl ?? null,
            label: c.label,
            status: c.page.requireApproval && author.role !== 'admin' ? 'awaiting_approval' : 'scheduled',
            scheduledAt: c.at,
            authorId: author.userId,
            authorName: author.name,
            override: overridden.has(c.index)
              ? {
                  by: author.userId,
                  byName: author.name,
                  at: new Date(),
                  reason: body.overrideReason as string,
                  rules: overridden.get(c.index) ?? [],
                }
              : null,
          }),
        )
      let saved: Post[]
      try {
        // Nothing half-written: an import either lands as reported or not at all.
        saved = await posts.insertImport(importId, docs)
      } catch (err) {
        throw err instanceof DomainError ? err : new Error(`import not saved: ${(err as Error).message}`)
      }
      saved.forEach((post, i) => {
        const candidate = accepted[i] as Candidate
        ;(results[candidate.index] as ImportRowResult).postId = post.id
      })
      for (const post of saved) await queueing.keep(post)
      await audit.record(author.actor, {
        action: 'post.import',
        target: { type: 'import', id: importId, label: `${saved.length} posts` },
        after: { accepted: saved.length, refused, overridden: overridden.size },
        reason: body.overrideReason ?? null,
      })
      return { allOrNothing: body.allOrNothing, accepted: saved.length, refused, saved: true, rows: results }
    },
  }
}

export type PostImport = ReturnType<typeof createPostImport>
