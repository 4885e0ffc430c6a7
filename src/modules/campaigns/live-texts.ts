// A campaign's fan texts by the builder's form path (`titleNl`, `rulesEn`), for the scarcity check,
// and the live texts fans read once it is published ({voorraad} filled in, links tracked).
import type { Campaign, CampaignFields } from './campaign-repository.js'
import { FAN_TEXTS } from './schemas.js'

/** The texts a fan reads that may claim scarcity or carry a link. */
export const LIVE_TEXTS = FAN_TEXTS
export type LiveTextName = (typeof LIVE_TEXTS)[number]
export type LiveTexts = Record<LiveTextName, { nl: string; en: string }>

type WithTexts = Pick<CampaignFields, LiveTextName>

/** Every non-empty fan text by its form path: `{ titleNl: '…', rulesEn: '…' }`. */
export function textsByPath(c: WithTexts): Record<string, string> {
  const out: Record<string, string> = {}
  for (const name of LIVE_TEXTS) {
    const pair = (c[name] ?? {}) as { nl?: string | null; en?: string | null }
    if (pair.nl) out[`${name}Nl`] = pair.nl
    if (pair.en) out[`${name}En`] = pair.en
  }
  return out
}

/** The texts by path back as stored pairs; a path not given keeps the campaign's own text. */
export function liveTextsFrom(c: WithTexts, byPath: Record<string, string>): LiveTexts {
  const pairOf = (name: LiveTextName) => {
    const own = (c[name] ?? {}) as { nl?: string | null; en?: string | null }
    return { nl: byPath[`${name}Nl`] ?? own.nl ?? '', en: byPath[`${name}En`] ?? own.en ?? '' }
  }
  return Object.fromEntries(LIVE_TEXTS.map((name) => [name, pairOf(name)])) as LiveTexts
}

/** The campaign as fans see it: its live texts over the marketer's, once published. */
export const withLiveTexts = (c: Campaign): Campaign => (c.live ? ({ ...c, ...c.live } as Campaign) : c)
