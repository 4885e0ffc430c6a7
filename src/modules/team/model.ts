// People on the team and the invitations that bring them in.
import { type InferSchemaType, Schema } from 'mongoose'

/** `ambassador`: an employee who shares the shop's kits and sees nothing else (see modules/kits). */
export const ROLES = ['admin', 'marketer', 'moderator', 'ambassador'] as const
export type Role = (typeof ROLES)[number]

export const UserSchema = new Schema(
  {
    facebookUserId: { type: String, required: true, unique: true },
    name: { type: String, required: true },
    role: { type: String, enum: ROLES, required: true },
    active: { type: Boolean, default: true },
    locale: { type: String, enum: ['nl', 'en'] },
    /** Long-lived user token, sealed; lets an admin list their pages from /me/accounts. */
    sealedUserToken: { type: String },
    userTokenExpiresAt: { type: Date },
    lastLoginAt: { type: Date },
    /** Raised to end every session of this member at once (log out everywhere, removal, role change). */
    sessionGeneration: { type: Number, default: 0 },
    /**
     * The connected pages (Fanfare page ids) this member works on; admins work on every page. Kept
     * equal to membershipOf(pagesOnFacebook, pagesGranted, pagesWithheld) (see page-membership.ts).
     */
    pageIds: { type: [String], default: [] },
    /** Connected pages where the person's Facebook role gives them tasks, as last read from Graph. */
    pagesOnFacebook: { type: [String], default: [] },
    /** Pages an admin added beyond the Facebook role, and pages an admin took away despite it. */
    pagesGranted: { type: [String], default: [] },
    pagesWithheld: { type: [String], default: [] },
    /** When the member last looked at the inbox: newer open comments count as unread for them. */
    inboxSeenAt: { type: Date, default: null },
  },
  { timestamps: true },
)
export type UserDoc = InferSchemaType<typeof UserSchema> & { _id: import('mongoose').Types.ObjectId }

export const InviteSchema = new Schema(
  {
    tokenHash: { type: String, required: true, unique: true },
    role: { type: String, enum: ROLES, required: true },
    note: { type: String, maxlength: 200 },
    /**
     * The pages (Fanfare page ids) the invited person will work on, chosen among `pagesOffered`, the
     * pages connected when the invite was made; empty for an admin, who works on every page. On
     * accepting, exactly these are granted and the other offered pages withheld (see page-membership.ts).
     */
    pageIds: { type: [String], default: [] },
    pagesOffered: { type: [String], default: [] },
    createdBy: { type: Schema.Types.ObjectId, required: true },
    expiresAt: { type: Date, required: true },
    usedAt: { type: Date, default: null },
    usedBy: { type: Schema.Types.ObjectId, default: null },
    revokedAt: { type: Date, default: null },
  },
  { timestamps: true },
)
export type InviteDoc = InferSchemaType<typeof InviteSchema> & { _id: import('mongoose').Types.ObjectId }

/** One document per install; whoever inserts it first is the first admin (a unique key decides). */
export const InstallSchema = new Schema({
  _id: { type: String, default: 'install' },
  firstAdminFacebookId: { type: String, required: true },
  createdAt: { type: Date, default: () => new Date() },
})
