// Saved replies moderators reuse (a fresh install gets a few in Dutch and English), audited.
import { NotFound } from '../../errors.js'
import type { Actor, AuditLog } from '../audit/service.js'
import { DEFAULT_SAVED_REPLIES } from './replies.js'
import type { SavedReplyBody } from './schemas.js'
import type { SavedReply, SettingsRepository } from './settings-repository.js'

export function createSavedReplies(deps: { settings: SettingsRepository; audit: AuditLog }) {
  const { settings, audit } = deps

  return {
    async list(): Promise<SavedReply[]> {
      if (!(await settings.hasSavedReplies()))
        await settings.addSavedReplies(DEFAULT_SAVED_REPLIES.map((r) => r))
      return settings.savedReplies()
    },

    async create(actor: Actor, body: SavedReplyBody): Promise<SavedReply> {
      const [created] = await settings.addSavedReplies([body])
      const reply = created as SavedReply
      await audit.record(actor, {
        action: 'comment.saved_reply.create',
        target: { type: 'saved_reply', id: reply.id, label: body.name },
        after: { ...body },
      })
      return reply
    },

    async remove(actor: Actor, id: string): Promise<void> {
      const removed = await settings.deleteSavedReply(id)
      if (!removed) throw new NotFound('comments.savedReplyNotFound')
      await audit.record(actor, {
        action: 'comment.saved_reply.delete',
        target: { type: 'saved_reply', id, label: removed.name },
        before: { text: removed.text },
      })
    },
  }
}

export type SavedReplies = ReturnType<typeof createSavedReplies>
