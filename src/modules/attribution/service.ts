// Orders per post, campaign, kind of post, week, kit and person; and recording an order's attribution.
import type { LinksModule } from '../links/index.js'
import { attribute, codeOf, fromFacebook, type OrderForAttribution } from './attribute.js'
import type { AttributionRepository, OrderFilter, OrderGroup } from './repository.js'

export function createAttribution(deps: { repo: AttributionRepository; links: LinksModule }) {
  const { repo, links } = deps
  return {
    /** Keeps an order that came from Facebook, with its post, campaign or ambassador; ignores others. */
    async record(
      connectionId: string,
      order: OrderForAttribution,
    ): Promise<'attributed' | 'facebook' | 'ignored'> {
      if (!fromFacebook(order)) return 'ignored'
      const code = codeOf(order)
      const link = code ? await links.report.byCode(code) : null
      const row = attribute(connectionId, order, link)
      await repo.save(row)
      return row.code ? 'attributed' : 'facebook'
    },

    totals: (filter: OrderFilter, by: OrderGroup) => repo.totals(filter, by),
    sum: (filter: OrderFilter) => repo.sum(filter),
  }
}

export type Attribution = ReturnType<typeof createAttribution>
