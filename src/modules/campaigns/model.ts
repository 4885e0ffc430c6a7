// Campaigns (contest, quiz, poll), their entries, per-page campaign settings and the fan block list.
import { type InferSchemaType, Schema, type Types } from 'mongoose'

export const CAMPAIGN_KINDS = ['contest', 'quiz', 'poll'] as const
export type CampaignKind = (typeof CAMPAIGN_KINDS)[number]

/** What is stored; open/closed/scheduled are derived from the times (see state.ts). */
export const CAMPAIGN_PHASES = ['draft', 'published', 'drawn'] as const

/** App-scoped ids come from the fan login, page-scoped ids from comments (GRAPH_API.md §7). */
export const ENTRANT_KINDS = ['app', 'page'] as const
export type EntrantKind = (typeof ENTRANT_KINDS)[number]

const Localized = { nl: { type: String, default: '' }, en: { type: String, default: '' } }

const QuestionSchema = new Schema(
  {
    text: Localized,
    options: { type: [Localized], default: [] },
    correct: { type: Number, required: true },
    timeLimitSeconds: { type: Number, default: null },
  },
  { _id: false },
)

export const CampaignSchema = new Schema(
  {
    pageId: { type: Schema.Types.ObjectId, required: true, index: true },
    kind: { type: String, enum: CAMPAIGN_KINDS, required: true },
    slug: { type: String, required: true, unique: true },
    title: Localized,
    description: Localized,
    imageUrl: { type: String, default: null },
    opensAt: { type: Date, required: true },
    closesAt: { type: Date, required: true },
    /** Fan-facing texts are bilingual; a language left empty falls back to the other (present.ts). */
    rules: Localized,
    prizes: Localized,
    prizeValueEuro: { type: Number, default: 0 },
    winnerCount: { type: Number, default: 1 },
    entryMethod: { type: String, enum: ['login', 'comment'], default: 'login' },
    entryCostEuro: { type: Number, default: 0 },
    askEmail: { type: Boolean, default: false },
    entryInstructions: Localized,
    eligibility: {
      minAge: { type: Number, default: null },
      countries: { type: [String], default: [] },
    },
    phase: { type: String, enum: CAMPAIGN_PHASES, default: 'draft' },
    /** SHA-256 of the seed, published from creation; the seed itself stays sealed until the draw. */
    seedCommitment: { type: String, required: true },
    /** Sealed with the 'campaign draw seeds' secret box; never selected unless the draw asks for it. */
    sealedSeed: { type: String, required: true, select: false },
    revealedSeed: { type: String, default: null },
    drawnAt: { type: Date, default: null },
    drawnEntryCount: { type: Number, default: null },
    /** Entry refs of the winners in rank order; recomputable from the revealed seed and the entry list. */
    winners: { type: [String], default: [] },
    questions: { type: [QuestionSchema], default: [] },
    poll: {
      options: { type: [{ label: Localized }], default: [] },
      showResults: { type: String, enum: ['always', 'after_vote', 'after_close'], default: 'always' },
    },
    comment: {
      postId: { type: String, default: null },
      keyword: { type: String, default: null },
      topLevelOnly: { type: Boolean, default: true },
      lastCollectedAt: { type: Date, default: null },
    },
    /** The shop product variant the campaign promotes ("connectionId:variantId"); its stock backs the texts' claims. */
    product: { type: String, default: null },
    /**
     * The texts fans read once the campaign is published: {voorraad} filled in with the stock and every
     * address through Fanfare's tracked links (opening.ts); made again when it opens. Null before.
     */
    live: {
      type: new Schema(
        {
          title: Localized,
          description: Localized,
          rules: Localized,
          prizes: Localized,
          entryInstructions: Localized,
        },
        { _id: false },
      ),
      default: null,
    },
    /** When the opening check last passed (the stock claims held, {voorraad} filled in). */
    openedAt: { type: Date, default: null },
    /** Why the opening check sent the campaign back to draft (sold out, a claim no longer true). */
    held: {
      type: new Schema(
        { kind: String, message: String, params: Schema.Types.Mixed, at: Date },
        { _id: false },
      ),
      default: null,
    },
    /** Dutch code warnings of the last save: i18n code and its parameters. */
    warnings: { type: [{ code: String, params: Schema.Types.Mixed }], default: [] },
    createdBy: { type: Schema.Types.ObjectId, default: null },
  },
  { timestamps: true },
)
CampaignSchema.index({ pageId: 1, opensAt: -1 })
export type CampaignDoc = InferSchemaType<typeof CampaignSchema> & { _id: Types.ObjectId }

const EntrySchema = new Schema(
  {
    campaignId: { type: Schema.Types.ObjectId, required: true },
    /** The pseudonymous id published on the verification page and fed to the draw. */
    ref: { type: String, required: true, unique: true },
    entrant: {
      kind: { type: String, enum: ENTRANT_KINDS, required: true },
      id: { type: String, required: true },
      name: { type: String, default: '' },
    },
    /**
     * The entrant's pseudonym (privacy.ts `pseudonymOf`, of "app:{asid}" or "page:{psid}"), stored
     * from the start and never changed: pseudonymising an entry turns `entrant.id` into this same
     * value, so one unique index keeps a fan to one entry before and after their data is deleted.
     */
    entrantKey: { type: String, required: true },
    status: { type: String, enum: ['active', 'disqualified'], default: 'active' },
    disqualification: {
      reason: { type: String, default: null },
      at: { type: Date, default: null },
      afterDraw: { type: Boolean, default: false },
    },
    confirmedAge: { type: Boolean, default: false },
    country: { type: String, default: null },
    email: { type: String, default: null },
    ipHash: { type: String, default: null },
    deviceHash: { type: String, default: null },
    commentId: { type: String, default: null },
    answers: {
      type: [
        {
          question: Number,
          choice: Number,
          correct: Boolean,
          late: Boolean,
          servedAt: Date,
          answeredAt: Date,
        },
      ],
      default: [],
    },
    /** Answers given so far; the next question served is this index. */
    answeredCount: { type: Number, default: 0 },
    score: { type: Number, default: 0 },
    timeTakenMs: { type: Number, default: 0 },
    finishedAt: { type: Date, default: null },
    pollChoice: { type: Number, default: null },
    /** Set when the entrant's details were removed (retention or the fan's request). */
    pseudonymisedAt: { type: Date, default: null },
    /**
     * The entry's draw key, `drawKey(seed, ref)`, stored when the entry is (see rank-keys.ts): the
     * draw reads its winners through the index below. Secret until the draw; never returned.
     */
    rankKey: { type: String, default: null, select: false },
  },
  { timestamps: true },
)
// One entry per entrant per campaign: the database, not the code, decides between simultaneous
// submits, also for a fan who deleted their data and comes back (see entrantKey).
EntrySchema.index({ campaignId: 1, entrantKey: 1 }, { unique: true })
// A fan's own entry by their id (and, as before entrantKey existed, one per entrant id).
EntrySchema.index({ campaignId: 1, 'entrant.kind': 1, 'entrant.id': 1 }, { unique: true })
// The contest draw: the lowest keys of a campaign's active entries (see ranking.ts). It also serves
// every query on (campaign, status), which had an index of its own before.
EntrySchema.index({ campaignId: 1, status: 1, rankKey: 1 })

export { EntrySchema }
export type EntryDoc = Omit<InferSchemaType<typeof EntrySchema>, 'entrant'> & {
  _id: Types.ObjectId
  createdAt: Date
  entrant: { kind: EntrantKind; id: string; name: string }
}

/** Quiz questions served to a fan, with when: the server's clock decides about time limits. */
export const QuizServeSchema = new Schema({
  campaignId: { type: Schema.Types.ObjectId, required: true },
  fanId: { type: String, required: true },
  question: { type: Number, required: true },
  servedAt: { type: Date, required: true },
})
QuizServeSchema.index({ campaignId: 1, fanId: 1, question: 1 }, { unique: true })

/** Campaign settings of a page: whether the Dutch code for promotional games applies. */
export const CampaignPageSettingsSchema = new Schema(
  {
    pageId: { type: Schema.Types.ObjectId, required: true, unique: true },
    dutchShop: { type: Boolean, default: false },
  },
  { timestamps: true },
)

/** Fans who may not enter any campaign of the shop (app- or page-scoped id). */
export const BlockedFanSchema = new Schema(
  {
    entrant: {
      kind: { type: String, enum: ENTRANT_KINDS, required: true },
      id: { type: String, required: true },
    },
    reason: { type: String, default: '' },
    blockedBy: { type: Schema.Types.ObjectId, default: null },
  },
  { timestamps: true },
)
BlockedFanSchema.index({ 'entrant.kind': 1, 'entrant.id': 1 }, { unique: true })
