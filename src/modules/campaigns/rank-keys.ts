// Each entry's draw key, computed when the entry is stored so the draw can read its winners through
// an index instead of ranking every entry (reading a million entries out of the store takes longer
// than the draw may). The key is exactly draw.ts's `drawKey(seed, ref)`, so the public verification
// does not change: after the draw the seed is revealed and anyone recomputes every key from the refs.
//
// Trade-off: stored keys let whoever holds the server's FANFARE_SECRET_KEY (and the database) know
// the ranking before the draw. That was already so: the seed is sealed with that key in the
// campaign document, and anyone who can open it can rank the entries. The keys are never shown to
// fans or marketers before the draw (the entry repository never returns them).
//
// What a key depends on never changes: the seed is made once when the campaign is created and the
// ref once when the entry is; pseudonymisation keeps the ref. Entries stored without a key (before
// this existed, or by a bulk import) are keyed at the draw, or the draw falls back to streaming.
import type { SecretBox } from '../../security/secret-box.js'
import type { CampaignRepository } from './campaign-repository.js'
import { drawKey } from './draw.js'

/** Opened seeds kept in memory; campaigns taking entries at once are few. */
const CACHED_SEEDS = 256

export function createRankKeys(deps: {
  campaigns: Pick<CampaignRepository, 'sealedSeedOf'>
  seeds: SecretBox
}) {
  const { campaigns, seeds } = deps
  const cache = new Map<string, Promise<string | null>>()
  const seedOf = (campaignId: string): Promise<string | null> => {
    let seed = cache.get(campaignId)
    if (!seed) {
      seed = campaigns.sealedSeedOf(campaignId).then((sealed) => (sealed ? seeds.open(sealed) : null))
      seed.catch(() => cache.delete(campaignId))
      if (cache.size >= CACHED_SEEDS) cache.delete(cache.keys().next().value as string)
      cache.set(campaignId, seed)
    }
    return seed
  }
  return {
    /** The draw key of a new entry; null when the campaign has no seed (it then is ranked at the draw). */
    async keyOf(campaignId: string, ref: string): Promise<string | null> {
      const seed = await seedOf(campaignId)
      return seed ? drawKey(seed, ref) : null
    },
  }
}

export type RankKeys = ReturnType<typeof createRankKeys>
