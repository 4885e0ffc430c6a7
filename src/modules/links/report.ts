// Clicks per tracked link, and per post, campaign, kit and person, for a period.
import type { ClickFilter, LinkRepository, TrackedLink } from './repository.js'

export type LinkWithClicks = TrackedLink & { clicks: number; uniques: number }

export function createLinkReport(deps: { repo: LinkRepository }) {
  const { repo } = deps
  return {
    /** The links matching `filter` with their clicks in the period (UTC days, inclusive). */
    async links(
      filter: { kind?: string; pageIds?: string[]; kitId?: string; personId?: string },
      period: Omit<ClickFilter, 'codes'> = {},
    ): Promise<LinkWithClicks[]> {
      const links = await repo.list(filter)
      if (!links.length) return []
      const totals = new Map(
        (await repo.totals({ ...period, codes: links.map((l) => l.code) })).map((t) => [t.code, t]),
      )
      return links.map((l) => ({
        ...l,
        clicks: totals.get(l.code)?.clicks ?? 0,
        uniques: totals.get(l.code)?.uniques ?? 0,
      }))
    },

    /** Clicks per UTC day on the given links. */
    perDay: (codes: string[], period: Omit<ClickFilter, 'codes'> = {}) => repo.perDay({ ...period, codes }),

    byCode: repo.byCode,
    byCodes: repo.byCodes,
  }
}

export type LinkReport = ReturnType<typeof createLinkReport>
