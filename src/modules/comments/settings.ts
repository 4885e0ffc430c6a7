// Per page: the barometer word list and business hours, and re-applying an edited list to past comments.
import { enqueue, type Queues } from '../../queues.js'
import type { Actor, AuditLog } from '../audit/service.js'
import type { PageService } from '../pages/service.js'
import type { CommentApplier } from './apply.js'
import { createTally } from './barometer-counting.js'
import type { BarometerRepository } from './barometer-repository.js'
import type { PageClassifiers } from './classification.js'
import type { InboxRepository } from './inbox-repository.js'
import type { SettingsBody } from './schemas.js'
import type { SettingsRepository } from './settings-repository.js'

export function createCommentSettings(deps: {
  settings: Pick<SettingsRepository, 'saveSettings'>
  classifiers: PageClassifiers
  inbox: Pick<InboxRepository, 'fanCommentsOfPage'>
  counters: Pick<BarometerRepository, 'move'>
  applier: Pick<CommentApplier, 'reclassify'>
  audit: AuditLog
  pages: Pick<PageService, 'findByFacebookId'>
  queues?: Queues
}) {
  const { settings, classifiers, inbox, counters, applier, audit, pages, queues } = deps

  /** The page's word list (its own or the defaults) and business hours. */
  async function settingsOf(facebookPageId: string) {
    const page = await pages.findByFacebookId(facebookPageId)
    const [{ version, words }, businessHours] = await Promise.all([
      classifiers.wordsOf(page.facebookPageId),
      classifiers.businessHoursOf(page.facebookPageId),
    ])
    return { page, version, words: [...words], businessHours }
  }

  async function queueReclassify(facebookPageId: string): Promise<void> {
    if (!queues) throw new Error('the comments queue is not available in this process')
    await enqueue(queues, 'reclassify', { facebookPageId }, { removeOnComplete: 50, removeOnFail: 50 })
  }

  return {
    settings: settingsOf,
    queueReclassify,

    /** Saves the page's list (the next comments use it) and, when asked, re-applies it to past comments. */
    async update(actor: Actor, facebookPageId: string, body: SettingsBody) {
      const before = await settingsOf(facebookPageId)
      const changed = JSON.stringify(before.words) !== JSON.stringify(body.words)
      const businessHours = body.businessHoursStart
        ? { start: body.businessHoursStart, end: body.businessHoursEnd ?? null }
        : { start: null, end: null }
      await settings.saveSettings(before.page.facebookPageId, { words: body.words, businessHours }, changed)
      await audit.record(actor, {
        action: 'comment.settings',
        target: { type: 'page', id: String(before.page.id), label: before.page.name },
        pageId: before.page.facebookPageId,
        before: { words: before.words.length, businessHours: before.businessHours },
        after: { words: body.words.length, businessHours: body.businessHoursStart ? businessHours : null },
      })
      if (body.reapply) await queueReclassify(before.page.facebookPageId)
      return settingsOf(facebookPageId)
    },

    /** Worker: re-classifies a page's comments with its current list, in batches. */
    async reclassifyPage(facebookPageId: string): Promise<{ comments: number }> {
      const page = await pages.findByFacebookId(facebookPageId)
      let after: string | null = null
      let count = 0
      for (;;) {
        const batch = await inbox.fanCommentsOfPage(page.facebookPageId, after, 200)
        if (batch.length === 0) return { comments: count }
        const tally = createTally(counters)
        for (const comment of batch) if (await applier.reclassify(page, comment, tally)) count++
        await tally.flush()
        after = batch[batch.length - 1]?.id ?? null
      }
    },
  }
}

export type CommentSettingsService = ReturnType<typeof createCommentSettings>
