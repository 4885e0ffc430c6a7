// Who is on the team: first-login admin, invitations with a role, role changes, removal.
import { createHash, randomBytes } from 'node:crypto'
import { Types } from 'mongoose'
import { Conflict, Forbidden, NotFound } from '../../errors.js'
import type { Models } from '../../models.js'
import type { SecretBox } from '../../security/secret-box.js'
import type { Actor, AuditLog } from '../audit/service.js'
import type { InviteDoc, Role, UserDoc } from './model.js'

const INVITE_DAYS = 7
const hash = (raw: string) => createHash('sha256').update(raw).digest('hex')
const isDuplicateKey = (err: unknown) => (err as { code?: number })?.code === 11000

export type FacebookIdentity = {
  facebookUserId: string
  name: string
  userToken: string
  userTokenExpiresAt: Date | null
}

export function createTeamService(deps: { models: Models; audit: AuditLog; userTokens: SecretBox }) {
  const { models, audit, userTokens } = deps

  async function claimInvite(rawToken: string, userId: Types.ObjectId): Promise<InviteDoc | null> {
    return models.invites
      .findOneAndUpdate(
        { tokenHash: hash(rawToken), usedAt: null, revokedAt: null, expiresAt: { $gt: new Date() } },
        { $set: { usedAt: new Date(), usedBy: userId } },
        { returnDocument: 'after' },
      )
      .lean<InviteDoc>()
  }

  async function claimInstall(facebookUserId: string): Promise<boolean> {
    try {
      await models.installs.create({ _id: 'install', firstAdminFacebookId: facebookUserId })
      return true
    } catch (err) {
      if (isDuplicateKey(err)) return false
      throw err
    }
  }

  async function activeAdmins(): Promise<number> {
    return models.users.countDocuments({ role: 'admin', active: true })
  }

  async function findMember(userId: string): Promise<UserDoc> {
    if (!Types.ObjectId.isValid(userId)) throw new NotFound('userNotFound')
    const user = await models.users.findById(userId).lean<UserDoc>()
    if (!user) throw new NotFound('userNotFound')
    return user
  }

  return {
    /**
     * Signs in a Facebook user: an existing member, someone holding a valid invite, or, on a fresh
     * install, the very first person (who becomes admin). Anyone else is refused.
     */
    async signIn(identity: FacebookIdentity, inviteToken?: string): Promise<UserDoc> {
      const tokenFields = {
        name: identity.name,
        sealedUserToken: userTokens.seal(identity.userToken),
        userTokenExpiresAt: identity.userTokenExpiresAt,
        lastLoginAt: new Date(),
      }
      const existing = await models.users.findOne({ facebookUserId: identity.facebookUserId }).lean<UserDoc>()
      if (existing?.active) {
        return (await models.users
          .findByIdAndUpdate(existing._id, { $set: tokenFields }, { returnDocument: 'after' })
          .lean<UserDoc>()) as UserDoc
      }

      const userId = existing?._id ?? new Types.ObjectId()
      let role: Role | null = null
      let how = ''
      if (inviteToken) {
        const invite = await claimInvite(inviteToken, userId)
        if (invite) {
          role = invite.role as Role
          how = `invite:${invite._id}`
        }
      }
      if (!role && !existing && (await claimInstall(identity.facebookUserId))) {
        role = 'admin'
        how = 'first-login'
      }
      if (!role) throw new Forbidden(inviteToken ? 'inviteInvalid' : 'notInvited')

      const user = (await models.users
        .findOneAndUpdate(
          { _id: userId },
          {
            $set: { ...tokenFields, role, active: true },
            $setOnInsert: { facebookUserId: identity.facebookUserId },
          },
          { upsert: true, returnDocument: 'after' },
        )
        .lean<UserDoc>()) as UserDoc
      await audit.record(
        { userId: String(user._id), name: user.name, via: 'browser' },
        {
          action: existing ? 'team.rejoin' : 'team.join',
          target: { type: 'user', id: String(user._id), label: user.name },
          after: { role, how },
        },
      )
      return user
    },

    async invite(actor: Actor, role: Role, note?: string): Promise<{ token: string; invite: InviteDoc }> {
      const token = randomBytes(24).toString('base64url')
      const invite = await models.invites.create({
        tokenHash: hash(token),
        role,
        note: note || undefined,
        createdBy: new Types.ObjectId(actor.userId ?? undefined),
        expiresAt: new Date(Date.now() + INVITE_DAYS * 24 * 3600_000),
      })
      await audit.record(actor, {
        action: 'team.invite',
        target: { type: 'invite', id: String(invite._id), label: note ?? role },
        after: { role, expiresAt: invite.expiresAt.toISOString() },
      })
      return { token, invite: invite.toObject() as InviteDoc }
    },

    /** An invite that can still be used, for the landing page of the invite link. */
    async findUsableInvite(rawToken: string): Promise<InviteDoc | null> {
      return models.invites
        .findOne({ tokenHash: hash(rawToken), usedAt: null, revokedAt: null, expiresAt: { $gt: new Date() } })
        .lean<InviteDoc>()
    },

    listOpenInvites(): Promise<InviteDoc[]> {
      return models.invites
        .find({ usedAt: null, revokedAt: null, expiresAt: { $gt: new Date() } })
        .sort({ createdAt: -1 })
        .lean<InviteDoc[]>()
    },

    async revokeInvite(actor: Actor, inviteId: string): Promise<void> {
      if (!Types.ObjectId.isValid(inviteId)) throw new NotFound('inviteNotFound')
      const invite = await models.invites.findOneAndUpdate(
        { _id: new Types.ObjectId(inviteId), usedAt: null, revokedAt: null },
        { $set: { revokedAt: new Date() } },
      )
      if (!invite) throw new NotFound('inviteNotFound')
      await audit.record(actor, { action: 'team.invite.revoke', target: { type: 'invite', id: inviteId } })
    },

    list(): Promise<UserDoc[]> {
      return models.users.find({ active: true }).sort({ role: 1, name: 1 }).lean<UserDoc[]>()
    },

    findMember,

    async findActive(userId: string): Promise<UserDoc | null> {
      if (!Types.ObjectId.isValid(userId)) return null
      return models.users.findOne({ _id: new Types.ObjectId(userId), active: true }).lean<UserDoc>()
    },

    async changeRole(actor: Actor, userId: string, role: Role): Promise<UserDoc> {
      const user = await findMember(userId)
      if (!user.active) throw new NotFound('userNotFound')
      if (user.role === role) return user
      if (user.role === 'admin' && (await activeAdmins()) <= 1) throw new Conflict('lastAdmin')
      const updated = (await models.users
        .findOneAndUpdate({ _id: user._id, role: user.role }, { $set: { role } }, { returnDocument: 'after' })
        .lean<UserDoc>()) as UserDoc | null
      if (!updated) throw new Conflict('changedMeanwhile')
      await audit.record(actor, {
        action: 'team.role',
        target: { type: 'user', id: userId, label: user.name },
        before: { role: user.role },
        after: { role },
      })
      return updated
    },

    async remove(actor: Actor, userId: string): Promise<void> {
      const user = await findMember(userId)
      if (!user.active) throw new NotFound('userNotFound')
      if (user.role === 'admin' && (await activeAdmins()) <= 1) throw new Conflict('lastAdmin')
      await models.users.updateOne(
        { _id: user._id },
        { $set: { active: false }, $unset: { sealedUserToken: 1, userTokenExpiresAt: 1 } },
      )
      // Their API tokens die with their membership.
      await models.apiTokens.updateMany(
        { userId: user._id, revokedAt: null },
        { $set: { revokedAt: new Date() } },
      )
      await audit.record(actor, {
        action: 'team.remove',
        target: { type: 'user', id: userId, label: user.name },
        before: { role: user.role },
      })
    },

    async setLocale(user: UserDoc, locale: 'nl' | 'en'): Promise<void> {
      await models.users.updateOne({ _id: user._id }, { $set: { locale } })
    },

    /** The member's own long-lived Facebook user token, to list the pages they manage. */
    userToken(user: UserDoc): string | null {
      if (!user.sealedUserToken) return null
      if (user.userTokenExpiresAt && user.userTokenExpiresAt < new Date()) return null
      return userTokens.open(user.sealedUserToken)
    },
  }
}

export type TeamService = ReturnType<typeof createTeamService>
