// The only place that touches members, invitations and the install marker.
import { type Connection, Types } from 'mongoose'
import { initModels, isDuplicateKey, modelOn, objectIdOrNull, withId } from '../../store.js'
import { InstallSchema, type InviteDoc, InviteSchema, type Role, type UserDoc, UserSchema } from './model.js'
import { type PageMembership, pagesOf } from './page-membership.js'

/** A team member as the rest of Fanfare sees them (the sealed token stays inside the team module). */
export type Member = Omit<UserDoc, '_id'> & { id: string }
export type Invite = Omit<InviteDoc, '_id'> & { id: string }

const usable = () => ({ usedAt: null, revokedAt: null, expiresAt: { $gt: new Date() } })

export async function createTeamRepository(connection: Connection) {
  const users = modelOn(connection, 'User', UserSchema)
  const invites = modelOn(connection, 'Invite', InviteSchema)
  const installs = modelOn(connection, 'Install', InstallSchema)
  await initModels(users, invites, installs)
  const member = (doc: UserDoc | null): Member | null => (doc ? withId(doc) : null)
  const invite = (doc: InviteDoc | null): Invite | null => (doc ? withId(doc) : null)

  return {
    newMemberId: () => String(new Types.ObjectId()),

    async byFacebookId(facebookUserId: string): Promise<Member | null> {
      return member(await users.findOne({ facebookUserId: String(facebookUserId) }).lean<UserDoc>())
    },

    async byId(id: string): Promise<Member | null> {
      const _id = objectIdOrNull(id)
      return _id ? member(await users.findById(_id).lean<UserDoc>()) : null
    },

    async activeById(id: string): Promise<Member | null> {
      const _id = objectIdOrNull(id)
      return _id ? member(await users.findOne({ _id, active: true }).lean<UserDoc>()) : null
    },

    async listActive(): Promise<Member[]> {
      const docs = await users.find({ active: true }).sort({ role: 1, name: 1 }).lean<UserDoc[]>()
      return docs.map(withId)
    },

    countActiveAdmins: () => users.countDocuments({ role: 'admin', active: true }),

    async update(id: string, set: Partial<Omit<UserDoc, '_id'>>): Promise<Member> {
      const doc = await users
        .findByIdAndUpdate(id, { $set: set }, { returnDocument: 'after' })
        .lean<UserDoc>()
      return member(doc) as Member
    },

    /** Makes (or re-activates) the member with this id, creating them on first sign-in. */
    async upsertMember(
      id: string,
      facebookUserId: string,
      set: Partial<Omit<UserDoc, '_id'>>,
    ): Promise<Member> {
      const doc = await users
        .findOneAndUpdate(
          { _id: id },
          { $set: set, $setOnInsert: { facebookUserId } },
          { upsert: true, returnDocument: 'after' },
        )
        .lean<UserDoc>()
      return member(doc) as Member
    },

    /** Changes the role only if nobody changed it meanwhile; null when they did. */
    async changeRole(id: string, from: Role, to: Role): Promise<Member | null> {
      const doc = await users
        .findOneAndUpdate(
          { _id: id, role: from },
          // A new role starts with a new login: sessions opened under the old role end here.
          { $set: { role: to }, $inc: { sessionGeneration: 1 } },
          { returnDocument: 'after' },
        )
        .lean<UserDoc>()
      return member(doc)
    },

    /** Stores the member's page membership and the pages it gives (see page-membership.ts). */
    async setPageMembership(id: string, membership: PageMembership): Promise<Member | null> {
      const doc = await users
        .findByIdAndUpdate(
          id,
          { $set: { ...membership, pageIds: pagesOf(membership) } },
          { returnDocument: 'after' },
        )
        .lean<UserDoc>()
      return member(doc)
    },

    /** Every session that carries an older generation stops working on its next request. */
    async endSessions(id: string): Promise<void> {
      await users.updateOne({ _id: id }, { $inc: { sessionGeneration: 1 } })
    },

    async deactivate(id: string): Promise<void> {
      await users.updateOne(
        { _id: id },
        {
          $set: { active: false },
          $inc: { sessionGeneration: 1 },
          $unset: { sealedUserToken: 1, userTokenExpiresAt: 1 },
        },
      )
    },

    /** True for whoever inserts the install marker first: a unique key decides the first admin. */
    async claimInstall(facebookUserId: string): Promise<boolean> {
      try {
        await installs.create({ _id: 'install', firstAdminFacebookId: facebookUserId })
        return true
      } catch (err) {
        if (isDuplicateKey(err)) return false
        throw err
      }
    },

    async createInvite(
      fields: Pick<InviteDoc, 'tokenHash' | 'role' | 'note' | 'expiresAt' | 'pageIds' | 'pagesOffered'> & {
        createdBy: string | null
      },
    ): Promise<Invite> {
      const doc = await invites.create({
        ...fields,
        createdBy: new Types.ObjectId(fields.createdBy ?? undefined),
      })
      return withId(doc.toObject() as InviteDoc)
    },

    async usableInvite(tokenHash: string): Promise<Invite | null> {
      return invite(await invites.findOne({ tokenHash, ...usable() }).lean<InviteDoc>())
    },

    /** Uses the invite up in one conditional update, so two people cannot both join on it. */
    async claimInvite(tokenHash: string, usedBy: string): Promise<Invite | null> {
      const doc = await invites
        .findOneAndUpdate(
          { tokenHash, ...usable() },
          { $set: { usedAt: new Date(), usedBy } },
          { returnDocument: 'after' },
        )
        .lean<InviteDoc>()
      return invite(doc)
    },

    async openInvites(): Promise<Invite[]> {
      const docs = await invites.find(usable()).sort({ createdAt: -1 }).lean<InviteDoc[]>()
      return docs.map(withId)
    },

    async revokeInvite(id: string): Promise<boolean> {
      const _id = objectIdOrNull(id)
      if (!_id) return false
      const doc = await invites.findOneAndUpdate(
        { _id, usedAt: null, revokedAt: null },
        { $set: { revokedAt: new Date() } },
      )
      return Boolean(doc)
    },
  }
}

export type TeamRepository = Awaited<ReturnType<typeof createTeamRepository>>
