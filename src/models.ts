// TRANSITIONAL: the models of the posts module, not yet behind a repository; then this file goes.
import type { Connection } from 'mongoose'
import { AuditEntrySchema } from './modules/audit/model.js'
import { PageSchema } from './modules/pages/model.js'
import { PostClaimSchema, PostSchema } from './modules/posts/model.js'
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
    posts: modelOn(connection, 'Post', PostSchema),
    postClaims: modelOn(connection, 'PostClaim', PostClaimSchema),
  }
}

export type Models = ReturnType<typeof createModels>

/** TRANSITIONAL: the legacy models with their indexes built (unique keys matter for correctness). */
export async function legacyModels(connection: Connection): Promise<Models> {
  const models = createModels(connection)
  await Promise.all(Object.values(models).map((m) => (m as { init(): Promise<unknown> }).init()))
  return models
}
