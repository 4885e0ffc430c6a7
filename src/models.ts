// TRANSITIONAL: the models of the modules not yet behind a repository (campaigns, comments).
// Each of them moves its models into its own repository.ts; then this file goes.
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
import { InstallSchema, InviteSchema, UserSchema } from './modules/team/model.js'
import { ApiTokenSchema } from './modules/tokens/model.js'
import { modelOn } from './store.js'

export function createModels(connection: Connection) {
  return {
    users: modelOn(connection, 'User', UserSchema),
    invites: modelOn(connection, 'Invite', InviteSchema),
    installs: modelOn(connection, 'Install', InstallSchema),
    pages: modelOn(connection, 'Page', PageSchema),
    apiTokens: modelOn(connection, 'ApiToken', ApiTokenSchema),
    audit: modelOn(connection, 'AuditEntry', AuditEntrySchema),
    campaigns: modelOn(connection, 'Campaign', CampaignSchema),
    entries: modelOn(connection, 'CampaignEntry', EntrySchema),
    quizServes: modelOn(connection, 'QuizServe', QuizServeSchema),
    quizAnswerClaims: modelOn(connection, 'QuizAnswerClaim', QuizAnswerClaimSchema),
    campaignPageSettings: modelOn(connection, 'CampaignPageSettings', CampaignPageSettingsSchema),
    blockedFans: modelOn(connection, 'BlockedFan', BlockedFanSchema),
    webhookEvents: modelOn(connection, 'WebhookEvent', WebhookEventSchema),
    comments: modelOn(connection, 'Comment', CommentSchema),
    commentSettings: modelOn(connection, 'CommentSettings', CommentSettingsSchema),
    savedReplies: modelOn(connection, 'SavedReply', SavedReplySchema),
    commentImports: modelOn(connection, 'CommentImport', CommentImportSchema),
    barometerDays: modelOn(connection, 'BarometerDay', BarometerDaySchema),
    barometerWords: modelOn(connection, 'BarometerWord', BarometerWordSchema),
  }
}

export type Models = ReturnType<typeof createModels>

/** TRANSITIONAL: the legacy models with their indexes built (unique keys matter for correctness). */
export async function legacyModels(connection: Connection): Promise<Models> {
  const models = createModels(connection)
  await Promise.all(Object.values(models).map((m) => (m as { init(): Promise<unknown> }).init()))
  return models
}
