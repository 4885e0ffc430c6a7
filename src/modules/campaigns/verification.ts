// What the public verification page shows: the commitment, the revealed seed, the winners and what
// happened to entries around the draw, so anyone can recompute the result from the entry list.
import type { Campaign } from './campaign-repository.js'
import { commitmentOf } from './draw.js'
import type { EntryRepository } from './entry-repository.js'

export async function verificationOf(entries: EntryRepository, campaign: Campaign) {
  const drawn = campaign.phase === 'drawn' && Boolean(campaign.revealedSeed)
  const seed = drawn ? (campaign.revealedSeed as string) : null
  const facts = drawn
    ? await entries.drawFacts(campaign.id)
    : { appEntries: 0, pageEntries: 0, disqualifiedAfterDraw: [], disqualifiedBeforeDraw: 0 }
  return {
    drawn,
    commitment: campaign.seedCommitment,
    seed,
    commitmentMatches: seed ? commitmentOf(seed) === campaign.seedCommitment : null,
    drawnAt: campaign.drawnAt ?? null,
    entryCount: drawn ? facts.appEntries + facts.pageEntries : null,
    ...facts,
    winnerCount: campaign.winnerCount,
    winners: drawn ? campaign.winners : [],
    quiz: campaign.kind === 'quiz',
  }
}
