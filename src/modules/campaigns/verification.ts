// What the public verification page shows, and the downloadable list of pseudonymised entries from
// which anyone recomputes the winners (streamed, so a million entries cost constant memory).
import { Readable } from 'node:stream'
import type { Models } from '../../models.js'
import { commitmentOf } from './draw.js'
import type { CampaignDoc, EntryDoc } from './model.js'

/** The entries that took part in the draw: eligible at the draw, including those disqualified after it. */
const drawSetOf = (campaign: CampaignDoc) => ({
  campaignId: campaign._id,
  $or: [{ status: 'active' as const }, { 'disqualification.afterDraw': true }],
})

export async function verificationOf(models: Models, campaign: CampaignDoc) {
  const drawn = campaign.phase === 'drawn' && Boolean(campaign.revealedSeed)
  const seed = drawn ? (campaign.revealedSeed as string) : null
  const [byKind, disqualifiedAfter, disqualifiedBefore] = drawn
    ? await Promise.all([
        models.entries.aggregate<{ _id: string; n: number }>([
          { $match: drawSetOf(campaign) },
          { $group: { _id: '$entrant.kind', n: { $sum: 1 } } },
        ]),
        models.entries
          .find({ campaignId: campaign._id, 'disqualification.afterDraw': true })
          .select({ ref: 1 })
          .lean<Pick<EntryDoc, 'ref'>[]>(),
        models.entries.countDocuments({
          campaignId: campaign._id,
          status: 'disqualified',
          'disqualification.afterDraw': { $ne: true },
        }),
      ])
    : [[], [], 0]
  const kinds = Object.fromEntries(byKind.map((k) => [k._id, k.n]))
  return {
    drawn,
    commitment: campaign.seedCommitment,
    seed,
    commitmentMatches: seed ? commitmentOf(seed) === campaign.seedCommitment : null,
    drawnAt: campaign.drawnAt ?? null,
    entryCount: drawn ? (kinds.app ?? 0) + (kinds.page ?? 0) : null,
    appEntries: kinds.app ?? 0,
    pageEntries: kinds.page ?? 0,
    winnerCount: campaign.winnerCount,
    winners: drawn ? campaign.winners : [],
    disqualifiedAfterDraw: disqualifiedAfter.map((e) => e.ref),
    disqualifiedBeforeDraw: disqualifiedBefore,
    quiz: campaign.kind === 'quiz',
  }
}

export const ENTRY_LIST_HEADER = 'ref,kind,disqualified_after_draw,score,time_ms'

/** CSV of the draw's entries, ordered by ref: no names, no ids, only what recomputing needs. */
export function entryListStream(models: Models, campaign: CampaignDoc): Readable {
  async function* lines() {
    yield `${ENTRY_LIST_HEADER}\n`
    const cursor = models.entries
      .find(drawSetOf(campaign))
      .select({ ref: 1, 'entrant.kind': 1, disqualification: 1, score: 1, timeTakenMs: 1, _id: 0 })
      .sort({ ref: 1 })
      .lean<EntryDoc>()
      .cursor({ batchSize: 5000 })
    let chunk = ''
    for await (const e of cursor) {
      const quiz = campaign.kind === 'quiz'
      chunk += `${e.ref},${e.entrant.kind},${e.disqualification?.afterDraw ? 1 : 0},${quiz ? (e.score ?? 0) : ''},${quiz ? (e.timeTakenMs ?? 0) : ''}\n`
      if (chunk.length > 64_000) {
        yield chunk
        chunk = ''
      }
    }
    if (chunk) yield chunk
  }
  return Readable.from(lines())
}

export const CONTACT_EXPORT_HEADER = 'ref,kind,name,status,winner,entered_at,country,email'

const csvField = (value: unknown) => {
  const text = value === null || value === undefined ? '' : String(value)
  // Quote always-risky characters, and neutralise spreadsheet formulas in names.
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text
  return /[",\n\r]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe
}

/**
 * The marketer's export of a campaign's entries, streamed: only what is needed to contact winners
 * (the e-mail address only for winners), whatever the number of entries.
 */
export function contactExportStream(models: Models, campaign: CampaignDoc): Readable {
  const winners = new Set(campaign.winners ?? [])
  async function* lines() {
    yield `${CONTACT_EXPORT_HEADER}\n`
    const cursor = models.entries
      .find({ campaignId: campaign._id })
      .select({ ref: 1, entrant: 1, status: 1, createdAt: 1, country: 1, email: 1, _id: 0 })
      .sort({ createdAt: 1 })
      .lean<EntryDoc>()
      .cursor({ batchSize: 5000 })
    let chunk = ''
    for await (const e of cursor) {
      const winner = winners.has(e.ref)
      chunk += `${[
        e.ref,
        e.entrant.kind,
        e.entrant.name,
        e.status,
        winner ? 1 : 0,
        e.createdAt?.toISOString(),
        e.country,
        winner ? e.email : '',
      ]
        .map(csvField)
        .join(',')}\n`
      if (chunk.length > 64_000) {
        yield chunk
        chunk = ''
      }
    }
    if (chunk) yield chunk
  }
  return Readable.from(lines())
}
