// Tests peek at what is stored through the modules' own schemas (read and arrange, never as the app does).

import type { FastifyInstance } from 'fastify'
import type { Connection } from 'mongoose'
import { AuditEntrySchema } from '../../src/modules/audit/model.js'
import {
  BlockedFanSchema,
  CampaignPageSettingsSchema,
  CampaignSchema,
  EntrySchema,
  QuizServeSchema,
} from '../../src/modules/campaigns/model.js'
import { BarometerDaySchema, BarometerWordSchema } from '../../src/modules/comments/barometer-model.js'
import {
  CommentImportSchema,
  CommentSchema,
  CommentSettingsSchema,
  SavedReplySchema,
  VerdictCorrectionSchema,
  WebhookEventSchema,
} from '../../src/modules/comments/model.js'
import { PageSchema } from '../../src/modules/pages/model.js'
import { PostSchema } from '../../src/modules/posts/model.js'
import {
  CustomerLinkSchema,
  OrderTagSchema,
  ShopConnectionSchema,
  ShopDeliverySchema,
  WatchedStockSchema,
} from '../../src/modules/shop/model.js'
import { InstallSchema, InviteSchema, UserSchema } from '../../src/modules/team/model.js'
import { ApiTokenSchema } from '../../src/modules/tokens/model.js'
import { modelOn } from '../../src/store.js'

function createModels(connection: Connection) {
  return {
    users: modelOn(connection, 'User', UserSchema),
    invites: modelOn(connection, 'Invite', InviteSchema),
    installs: modelOn(connection, 'Install', InstallSchema),
    pages: modelOn(connection, 'Page', PageSchema),
    apiTokens: modelOn(connection, 'ApiToken', ApiTokenSchema),
    audit: modelOn(connection, 'AuditEntry', AuditEntrySchema),
    posts: modelOn(connection, 'Post', PostSchema),
    campaigns: modelOn(connection, 'Campaign', CampaignSchema),
    entries: modelOn(connection, 'CampaignEntry', EntrySchema),
    quizServes: modelOn(connection, 'QuizServe', QuizServeSchema),
    campaignPageSettings: modelOn(connection, 'CampaignPageSettings', CampaignPageSettingsSchema),
    blockedFans: modelOn(connection, 'BlockedFan', BlockedFanSchema),
    webhookEvents: modelOn(connection, 'WebhookEvent', WebhookEventSchema),
    comments: modelOn(connection, 'Comment', CommentSchema),
    commentSettings: modelOn(connection, 'CommentSettings', CommentSettingsSchema),
    savedReplies: modelOn(connection, 'SavedReply', SavedReplySchema),
    commentImports: modelOn(connection, 'CommentImport', CommentImportSchema),
    barometerDays: modelOn(connection, 'BarometerDay', BarometerDaySchema),
    barometerWords: modelOn(connection, 'BarometerWord', BarometerWordSchema),
    verdictCorrections: modelOn(connection, 'VerdictCorrection', VerdictCorrectionSchema),
    shopConnections: modelOn(connection, 'ShopConnection', ShopConnectionSchema),
    customerLinks: modelOn(connection, 'ShopCustomerLink', CustomerLinkSchema),
    orderTags: modelOn(connection, 'ShopOrderTag', OrderTagSchema),
    shopDeliveries: modelOn(connection, 'ShopDelivery', ShopDeliverySchema),
    watchedStock: modelOn(connection, 'ShopWatchedStock', WatchedStockSchema),
  }
}

/** The stored collections of a running app or worker, as mongoose models. */
export const stored = (app: FastifyInstance) => createModels(app.store.connection)
