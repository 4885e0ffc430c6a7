// Every model bound to one connection, so web, worker and each test use their own.
import type { Connection } from 'mongoose'
import { AuditEntrySchema } from './modules/audit/model.js'
import {
  BlockedFanSchema,
  CampaignPageSettingsSchema,
  CampaignSchema,
  EntrySchema,
  QuizAnswerClaimSchema,
  QuizServeSchema,
} from './modules/campaigns/model.js'
import { BarometerDaySchema, BarometerWordSchema } from './modules/comments/barometer-model.js'
import {
  CommentImportSchema,
  CommentSchema,
  CommentSettingsSchema,
  SavedReplySchema,
  WebhookEventSchema,
} from './modules/comments/model.js'
import { PageSchema } from './modules/pages/model.js'
import { PostClaimSchema, PostSchema } from './modules/posts/model.js'
import { InstallSchema, InviteSchema, UserSchema } from './modules/team/model.js'
import { ApiTokenSchema } from './modules/tokens/model.js'

export function createModels(connection: Connection) {
  return {
    users: connection.model('User', UserSchema),
    invites: connection.model('Invite', InviteSchema),
    installs: connection.model('Install', InstallSchema),
    pages: connection.model('Page', PageSchema),
    apiTokens: connection.model('ApiToken', ApiTokenSchema),
    audit: connection.model('AuditEntry', AuditEntrySchema),
    posts: connection.model('Post', PostSchema),
    postClaims: connection.model('PostClaim', PostClaimSchema),
    campaigns: connection.model('Campaign', CampaignSchema),
    entries: connection.model('CampaignEntry', EntrySchema),
    quizServes: connection.model('QuizServe', QuizServeSchema),
    quizAnswerClaims: connection.model('QuizAnswerClaim', QuizAnswerClaimSchema),
    campaignPageSettings: connection.model('CampaignPageSettings', CampaignPageSettingsSchema),
    blockedFans: connection.model('BlockedFan', BlockedFanSchema),
    webhookEvents: connection.model('WebhookEvent', WebhookEventSchema),
    comments: connection.model('Comment', CommentSchema),
    commentSettings: connection.model('CommentSettings', CommentSettingsSchema),
    savedReplies: connection.model('SavedReply', SavedReplySchema),
    commentImports: connection.model('CommentImport', CommentImportSchema),
    barometerDays: connection.model('BarometerDay', BarometerDaySchema),
    barometerWords: connection.model('BarometerWord', BarometerWordSchema),
  }
}

export type Models = ReturnType<typeof createModels>

/** Builds indexes now rather than racing the first writes (unique keys matter for correctness). */
export async function ensureIndexes(models: Models): Promise<void> {
  await Promise.all(Object.values(models).map((m) => (m as { init(): Promise<unknown> }).init()))
}
