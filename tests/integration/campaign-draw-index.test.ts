// The indexed draw (stored draw keys, rank-keys.ts) against the full recomputation anyone can do
// after the seed is revealed (draw.ts's drawWinners over every entry): same winners, same count,
// also with entries stored without a key (before the keys existed), disqualifications and replacements.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createCampaignRepository } from '../../src/modules/campaigns/campaign-repository.js'
import { drawKey, drawWinners, newEntryRef } from '../../src/modules/campaigns/draw.js'
import { createEntryRepository, type EntryRepository } from '../../src/modules/campaigns/entry-repository.js'
import { rankEntries } from '../../src/modules/campaigns/ranking.js'
import { createSecretBox } from '../../src/security/secret-box.js'
import { adminWithDemoPage, type Fanfare, startFanfare } from '../helpers/fanfare.js'

const actor = { userId: null, name: 'test', via: 'system' as const }

describe('the draw through stored draw keys', () => {
  let fanfare: Fanfare
  let pageId: string
  let entries: EntryRepository
  beforeAll(async () => {
    fanfare = await startFanfare()
    ;({ pageId } = await adminWithDemoPage(fanfare))
    // Keys of its own: these entrants are made up here, never pseudonymised.
    entries = await createEntryRepository(fanfare.app.store.connection, {
      entrantKeyOf: (kind, id) => `test:${kind}:${id}`,
    })
  })
  afterAll(() => fanfare.close())

  async function contest(winnerCount: number) {
    const now = Date.now()
    const { compose, lifecycle } = fanfare.app.campaigns
    const { campaign } = await compose.create(actor, {
      pageId,
      kind: 'contest',
      titleNl: `Indexed draw ${winnerCount}`,
      opensAt: new Date(now - 60_000).toISOString(),
      closesAt: new Date(now + 3_600_000).toISOString(),
      rulesNl: 'Testwedstrijd. Klachten via de klantenservice.',
      prizeValueEuro: 10,
      winnerCount,
      entryMethod: 'login',
      entryCostEuro: 0,
      askEmail: false,
      countries: [],
      questions: [],
      pollOptions: [],
      pollShowResults: 'always',
      commentIncludeReplies: false,
    })
    await lifecycle.publish(actor, campaign.id)
    const campaigns = await createCampaignRepository(fanfare.app.store.connection)
    const seed = createSecretBox(fanfare.config.secretKey, 'campaign draw seeds').open(
      (await campaigns.sealedSeedOf(campaign.id)) as string,
    )
    return { campaign: await fanfare.app.campaigns.queries.find(campaign.id), seed }
  }

  /** `keyed` entries stored as the app stores them, `unkeyed` as before the keys existed. */
  async function enter(campaignId: string, keyed: number, unkeyed: number) {
    const refs: string[] = []
    for (let i = 0; i < keyed + unkeyed; i++) {
      const ref = newEntryRef()
      const rankKey = i < keyed ? await fanfare.app.campaigns.rankKeys.keyOf(campaignId, ref) : undefined
      const entry = await entries.enterOnce({
        campaignId,
        ref,
        entrant: { kind: 'app', id: `fan-${campaignId}-${i}`, name: `Fan ${i}` },
        ...(rankKey ? { rankKey } : {}),
      })
      if (entry === 'alreadyEntered') throw new Error('unexpected duplicate')
      expect(entry).not.toHaveProperty('rankKey')
      refs.push(ref)
    }
    return refs
  }

  const raw = (campaignId: string) =>
    fanfare.app.store.connection
      .collection('campaignentries')
      .find({ campaignId: { $exists: true } })
      .toArray()
      .then((all) => all.filter((e) => String(e.campaignId) === campaignId))

  it('draws the same winners as the full recomputation, keying entries stored without a key', async () => {
    const { campaign, seed } = await contest(5)
    const refs = await enter(campaign.id, 260, 40)
    // Disqualified before the draw: out of the draw, in both computations.
    const stored = await raw(campaign.id)
    const disqualified = stored.slice(0, 12)
    for (const e of disqualified)
      await entries.disqualify(campaign.id, String(e._id), {
        reason: 'test',
        at: new Date(),
        afterDraw: false,
      })
    const active = refs.filter((r) => !disqualified.some((d) => d.ref === r))

    for (const count of [0, 1, 5, 20, 100, 400]) {
      const indexed = await rankEntries(entries, campaign, seed, count)
      const streamed = await rankEntries(entries, campaign, seed, count, { streamed: true })
      expect(indexed).toEqual({ winners: drawWinners(seed, active, count), entryCount: active.length })
      expect(streamed).toEqual(indexed)
    }
    // The entries stored without a key now carry the one the app would have stored.
    for (const e of await raw(campaign.id)) expect(e.rankKey).toBe(drawKey(seed, e.ref))
  })

  it('falls back to the streamed draw when too many entries lack a key, with the same result', async () => {
    const { campaign, seed } = await contest(3)
    const refs = await enter(campaign.id, 20, 150)
    const ranking = await rankEntries(entries, campaign, seed, 3, { backfillLimit: 10 })
    expect(ranking).toEqual({ winners: drawWinners(seed, refs, 3), entryCount: refs.length })
    // Nothing was keyed: the streamed draw does not write.
    expect((await raw(campaign.id)).filter((e) => e.rankKey == null)).toHaveLength(150)
  })

  it('draws, replaces a disqualified winner with the next in the same ranking, and never shows a key', async () => {
    const { campaign, seed } = await contest(3)
    const refs = await enter(campaign.id, 150, 0)
    const { lifecycle, moderation, queries } = fanfare.app.campaigns
    await lifecycle.closeNow(actor, campaign.id)
    const drawn = await lifecycle.draw(actor, campaign.id)
    expect(drawn.winners).toEqual(drawWinners(seed, refs, 3))
    expect(drawn.drawnEntryCount).toBe(150)
    expect(drawn.revealedSeed).toBe(seed)

    const first = (await raw(campaign.id)).find((e) => e.ref === drawn.winners[0])
    await moderation.disqualify(actor, campaign.id, String(first?._id), 'test', false)
    const after = await queries.find(campaign.id)
    expect(after.winners).toEqual(drawWinners(seed, refs, 3, new Set([drawn.winners[0] as string])))
    expect(JSON.stringify(after)).not.toContain('rankKey')
    expect(JSON.stringify(await entries.latest(campaign.id, 200))).not.toContain('rankKey')
    expect(JSON.stringify(await entries.mine(campaign.id, `fan-${campaign.id}-1`))).not.toContain('rankKey')
  })
})
