// Moderators set a comment's verdict in one click: stored, audited, learned by that page's
// classifier, and counted as agreement (or not) with what the classifier had said.
import { DateTime } from 'luxon'
import type { Actor, AuditLog } from '../audit/service.js'
import type { PageService } from '../pages/service.js'
import type { CommentApplier } from './apply.js'
import { createTally } from './barometer-counting.js'
import type { BarometerRepository } from './barometer-repository.js'
import type { CorrectionRepository, StoredCorrection, Verdict } from './correction-repository.js'
import type { Inbox } from './inbox.js'
import type { VerdictBody } from './schemas.js'

/** Per page and month: how often moderators kept the verdict, and complaint precision/recall against them. */
export type AgreementRow = {
  facebookPageId: string
  month: string
  reviewed: number
  agreed: number
  /** Share of reviewed comments whose verdict (sentiment and complaint) the moderator kept. */
  agreement: number
  complaint: { truePositives: number; falsePositives: number; falseNegatives: number }
  /** Of the comments called complaints, the share moderators kept as complaints (null: none called). */
  complaintPrecision: number | null
  /** Of the comments moderators call complaints, the share the classifier had found (null: none). */
  complaintRecall: number | null
}

export function createVerdictCorrections(deps: {
  corrections: CorrectionRepository
  inbox: Pick<Inbox, 'find'>
  pages: Pick<PageService, 'findByFacebookId'>
  applier: Pick<CommentApplier, 'reclassify'>
  counters: Pick<BarometerRepository, 'move'>
  audit: AuditLog
}) {
  const { corrections, inbox, pages, applier, counters, audit } = deps

  return {
    /**
     * Sets the moderator's verdict (the fields given; the others stay as shown) and re-classifies
     * the comment, so the stored verdict, the inbox order and the barometer follow at once.
     */
    async correct(actor: Actor, facebookCommentId: string, body: VerdictBody): Promise<StoredCorrection> {
      const comment = await inbox.find(facebookCommentId)
      const earlier = await corrections.ofComment(comment.facebookCommentId)
      const shown: Verdict = {
        sentiment: (comment.sentiment ?? 'neutral') as Verdict['sentiment'],
        complaint: comment.complaint === true,
      }
      const predicted = earlier?.predicted ?? shown
      const corrected: Verdict = {
        sentiment: body.sentiment ?? earlier?.corrected.sentiment ?? shown.sentiment,
        complaint: body.complaint ?? earlier?.corrected.complaint ?? shown.complaint,
      }
      const saved = await corrections.save({
        facebookCommentId: comment.facebookCommentId,
        facebookPageId: comment.facebookPageId,
        message: comment.message ?? '',
        predicted,
        corrected,
        by: { userId: actor.userId, name: actor.name },
        at: new Date(),
      })
      const page = await pages.findByFacebookId(comment.facebookPageId)
      const tally = createTally(counters)
      await applier.reclassify(page, comment, tally)
      await tally.flush()
      await audit.record(actor, {
        action: 'comment.verdict',
        target: {
          type: 'comment',
          id: comment.facebookCommentId,
          label: (comment.message ?? '').slice(0, 60),
        },
        pageId: comment.facebookPageId,
        before: { ...shown },
        after: { ...corrected },
      })
      return saved
    },

    /** Agreement per page and month (in the page's zone) for corrections made from `from` to `to`. */
    async agreement(facebookPageIds: string[], from: Date, to: Date, zone: string): Promise<AgreementRow[]> {
      const rows = new Map<string, AgreementRow>()
      for (const c of await corrections.between(facebookPageIds, from, to)) {
        const month = DateTime.fromJSDate(c.at, { zone }).toFormat('yyyy-MM')
        const key = `${c.facebookPageId}|${month}`
        const row = rows.get(key) ?? {
          facebookPageId: c.facebookPageId,
          month,
          reviewed: 0,
          agreed: 0,
          agreement: 0,
          complaint: { truePositives: 0, falsePositives: 0, falseNegatives: 0 },
          complaintPrecision: null,
          complaintRecall: null,
        }
        row.reviewed++
        if (
          c.predicted.sentiment === c.corrected.sentiment &&
          c.predicted.complaint === c.corrected.complaint
        )
          row.agreed++
        if (c.predicted.complaint && c.corrected.complaint) row.complaint.truePositives++
        else if (c.predicted.complaint) row.complaint.falsePositives++
        else if (c.corrected.complaint) row.complaint.falseNegatives++
        rows.set(key, row)
      }
      return [...rows.values()]
        .map((row) => {
          const { truePositives: tp, falsePositives: fp, falseNegatives: fn } = row.complaint
          return {
            ...row,
            agreement: row.agreed / row.reviewed,
            complaintPrecision: tp + fp ? tp / (tp + fp) : null,
            complaintRecall: tp + fn ? tp / (tp + fn) : null,
          }
        })
        .sort((a, b) =>
          a.month === b.month ? (a.facebookPageId < b.facebookPageId ? -1 : 1) : a.month < b.month ? 1 : -1,
        )
    },
  }
}

export type VerdictCorrections = ReturnType<typeof createVerdictCorrections>
