// Who is on the team: first-login admin, invitations with a role, role changes, removal.
import { createHash, randomBytes } from 'node:crypto'
import { Conflict, Forbidden, InvalidInput, NotFound } from '../../errors.js'
import type { SecretBox } from '../../security/secret-box.js'
import type { Actor, AuditLog } from '../audit/service.js'
import type { Role } from './model.js'
import { choosePages, type PageMembership, pagesOf } from './page-membership.js'
import type { Invite, Member, TeamRepository } from './repository.js'

export type { Invite, Member }

const INVITE_DAYS = 7
const hash = (raw: string) => createHash('sha256').update(raw).digest('hex')

export type FacebookIdentity = {
  facebookUserId: string
  name: string
  userToken: string
  userTokenExpiresAt: Date | null
}

const membershipOf = (m: Member | null): PageMembership => ({
  pagesOnFacebook: m?.pagesOnFacebook ?? [],
  pagesGranted: m?.pagesGranted ?? [],
  pagesWithheld: m?.pagesWithheld ?? [],
})

/** Admins work on every page; every other role only on the pages chosen for them. */
const worksOnEveryPage = (role: Role) => role === 'admin'

export type InviteRequest = { role: Role; note?: string; pageIds: string[] }

export function createTeamService(deps: { repo: TeamRepository; audit: AuditLog; userTokens: SecretBox }) {
  const { repo, audit, userTokens } = deps
  /** Other modules react to a member leaving, e.g. their API tokens are revoked. */
  const removedListeners: Array<(memberId: string) => Promise<unknown>> = []

  async function findMember(userId: string): Promise<Member> {
    const user = await repo.byId(userId)
    if (!user) throw new NotFound('userNotFound')
    return user
  }

  return {
    /**
     * Signs in a Facebook user: an existing member, someone holding a valid invite, or, on a fresh
     * install, the very first person (who becomes admin). Anyone else is refused.
     */
    async signIn(identity: FacebookIdentity, inviteToken?: string): Promise<Member> {
      const tokenFields = {
        name: identity.name,
        sealedUserToken: userTokens.seal(identity.userToken),
        userTokenExpiresAt: identity.userTokenExpiresAt,
        lastLoginAt: new Date(),
      }
      const existing = await repo.byFacebookId(identity.facebookUserId)
      if (existing?.active) return repo.update(existing.id, tokenFields)

      const userId = existing?.id ?? repo.newMemberId()
      let role: Role | null = null
      let how = ''
      let invite: Invite | null = null
      if (inviteToken) {
        invite = await repo.claimInvite(hash(inviteToken), userId)
        if (invite) {
          role = invite.role as Role
          how = `invite:${invite.id}`
        }
      }
      if (!role && !existing && (await repo.claimInstall(identity.facebookUserId))) {
        role = 'admin'
        how = 'first-login'
      }
      if (!role) throw new Forbidden(inviteToken ? 'inviteInvalid' : 'notInvited')

      let user = await repo.upsertMember(userId, identity.facebookUserId, {
        ...tokenFields,
        role,
        active: true,
      })
      // The invite's pages, exactly: granted, and the other pages offered with it withheld, so the
      // person's Facebook role on those does not add them at the login that follows.
      if (invite && !worksOnEveryPage(role) && invite.pagesOffered?.length) {
        const chosen = choosePages(membershipOf(existing), invite.pageIds ?? [], invite.pagesOffered)
        user = (await repo.setPageMembership(user.id, chosen)) ?? user
      }
      await audit.record(
        { userId: user.id, name: user.name, via: 'browser' },
        {
          action: existing ? 'team.rejoin' : 'team.join',
          target: { type: 'user', id: user.id, label: user.name },
          after: { role, how, ...(invite && !worksOnEveryPage(role) ? { pageIds: user.pageIds ?? [] } : {}) },
        },
      )
      return user
    },

    /**
     * An invitation with a role and, for every role but admin, the pages the person will work on,
     * chosen among the `connected` pages: at least one while any page is connected (without one
     * the person could do nothing). Before the first page is connected there is nothing to choose:
     * the person then gets the pages their Facebook role covers once pages are connected.
     */
    async invite(
      actor: Actor,
      request: InviteRequest,
      connected: string[],
    ): Promise<{ token: string; invite: Invite }> {
      const { role, note } = request
      const everyPage = worksOnEveryPage(role)
      const pageIds = everyPage ? [] : [...new Set(request.pageIds)].sort()
      const known = new Set(connected)
      if (pageIds.some((id) => !known.has(id))) throw new InvalidInput('pageIds', 'invitePageUnknown')
      if (!everyPage && connected.length > 0 && pageIds.length === 0)
        throw new InvalidInput('pageIds', 'invitePagesNeeded')
      const token = randomBytes(24).toString('base64url')
      const invite = await repo.createInvite({
        tokenHash: hash(token),
        role,
        note: note || undefined,
        pageIds,
        pagesOffered: everyPage ? [] : [...known].sort(),
        createdBy: actor.userId,
        expiresAt: new Date(Date.now() + INVITE_DAYS * 24 * 3600_000),
      })
      await audit.record(actor, {
        action: 'team.invite',
        target: { type: 'invite', id: invite.id, label: note || role },
        after: { role, ...(everyPage ? {} : { pageIds }), expiresAt: invite.expiresAt.toISOString() },
      })
      return { token, invite }
    },

    /** An invite that can still be used, for the landing page of the invite link. */
    findUsableInvite: (rawToken: string): Promise<Invite | null> => repo.usableInvite(hash(rawToken)),

    listOpenInvites: (): Promise<Invite[]> => repo.openInvites(),

    async revokeInvite(actor: Actor, inviteId: string): Promise<void> {
      if (!(await repo.revokeInvite(inviteId))) throw new NotFound('inviteNotFound')
      await audit.record(actor, { action: 'team.invite.revoke', target: { type: 'invite', id: inviteId } })
    },

    list: (): Promise<Member[]> => repo.listActive(),

    findMember,

    findActive: (userId: string): Promise<Member | null> => repo.activeById(userId),

    async changeRole(actor: Actor, userId: string, role: Role): Promise<Member> {
      const user = await findMember(userId)
      if (!user.active) throw new NotFound('userNotFound')
      if (user.role === role) return user
      if (user.role === 'admin' && (await repo.countActiveAdmins()) <= 1) throw new Conflict('lastAdmin')
      const updated = await repo.changeRole(user.id, user.role as Role, role)
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
      if (user.role === 'admin' && (await repo.countActiveAdmins()) <= 1) throw new Conflict('lastAdmin')
      await repo.deactivate(user.id)
      for (const listener of removedListeners) await listener(user.id)
      await audit.record(actor, {
        action: 'team.remove',
        target: { type: 'user', id: userId, label: user.name },
        before: { role: user.role },
      })
    },

    /** Log out everywhere: every session of the member, on every device, ends now. */
    async endSessions(actor: Actor, member: Member): Promise<void> {
      await repo.endSessions(member.id)
      await audit.record(actor, {
        action: 'team.sessions.end',
        target: { type: 'user', id: member.id, label: member.name },
      })
    },

    /** Records the connected pages where the person's Facebook role gives them tasks. */
    async setPagesOnFacebook(member: Member, pagesOnFacebook: string[]): Promise<Member> {
      const updated = await repo.setPageMembership(member.id, { ...membershipOf(member), pagesOnFacebook })
      return updated ?? member
    },

    /** An admin decides which of the connected pages the member works on (audited). */
    async assignPages(actor: Actor, userId: string, pageIds: string[], connected: string[]): Promise<Member> {
      const user = await findMember(userId)
      if (!user.active) throw new NotFound('userNotFound')
      const known = new Set(connected)
      const unknown = pageIds.filter((id) => !known.has(id))
      if (unknown.length) throw new NotFound('pageNotFound')
      const before = pagesOf(membershipOf(user))
      const updated = await repo.setPageMembership(
        user.id,
        choosePages(membershipOf(user), pageIds, connected),
      )
      if (!updated) throw new NotFound('userNotFound')
      await audit.record(actor, {
        action: 'team.pages',
        target: { type: 'user', id: user.id, label: user.name },
        before: { pageIds: before },
        after: { pageIds: updated.pageIds ?? [] },
      })
      return updated
    },

    onRemoved(listener: (memberId: string) => Promise<unknown>): void {
      removedListeners.push(listener)
    },

    /** The member opened the inbox: what arrived until now is no longer unread for them. */
    async markInboxSeen(user: Pick<Member, 'id'>, at: Date = new Date()): Promise<void> {
      await repo.update(user.id, { inboxSeenAt: at })
    },

    async setLocale(user: Member, locale: 'nl' | 'en'): Promise<void> {
      await repo.update(user.id, { locale })
    },

    /** The member's own long-lived Facebook user token, to list the pages they manage. */
    userToken(user: Member): string | null {
      if (!user.sealedUserToken) return null
      if (user.userTokenExpiresAt && user.userTokenExpiresAt < new Date()) return null
      return userTokens.open(user.sealedUserToken)
    },
  }
}

export type TeamService = ReturnType<typeof createTeamService>
