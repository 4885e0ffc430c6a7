// Clicks, orders and share intents per kit and per person: clicks from the links module's counters
// on the people's tracked links, orders from attribution (utm_content names the person's link).
import type { Attribution } from '../attribution/service.js'
import type { LinksModule } from '../links/index.js'
import type { KitRepository } from './repository.js'

export type Numbers = {
  clicks: number
  uniques: number
  orders: number
  revenueCents: number
  shares: number
}
export type PersonFigures = Numbers & { personId: string; name: string }
export type KitFigures = Numbers & { kitId: string; people: PersonFigures[] }

const zero = (): Numbers => ({ clicks: 0, uniques: 0, orders: 0, revenueCents: 0, shares: 0 })

export function createKitFigures(deps: {
  repo: KitRepository
  links: LinksModule
  attribution: Pick<Attribution, 'totals'>
  nameOf: (personIds: string[]) => Promise<Map<string, string>>
}) {
  const { repo, links, attribution, nameOf } = deps

  /**
   * Every person's figures on the kit (only `onlyPerson`'s when given), by name: the marketer's
   * table is a measurement, not a leaderboard, so it is not ordered by results.
   */
  async function of(kitId: string, onlyPerson?: string): Promise<KitFigures> {
    const filter = { kind: 'kit', kitId, ...(onlyPerson ? { personId: onlyPerson } : {}) }
    const [personLinks, orders, shares] = await Promise.all([
      links.report.links(filter),
      attribution.totals({ kitId, ...(onlyPerson ? { personId: onlyPerson } : {}) }, 'personId'),
      repo.sharesPerPerson(kitId),
    ])
    const people = new Map<string, Numbers>()
    const at = (personId: string) => {
      const row = people.get(personId) ?? zero()
      people.set(personId, row)
      return row
    }
    if (onlyPerson) at(onlyPerson)
    for (const l of personLinks) {
      if (!l.personId) continue
      at(l.personId).clicks += l.clicks
      at(l.personId).uniques += l.uniques
    }
    for (const o of orders) {
      if (!o.key) continue
      at(o.key).orders += o.orders
      at(o.key).revenueCents += o.revenueCents
    }
    for (const [personId, n] of shares) if (!onlyPerson || personId === onlyPerson) at(personId).shares += n
    const names = await nameOf([...people.keys()])
    const rows = [...people].map(([personId, n]) => ({ personId, name: names.get(personId) ?? '—', ...n }))
    rows.sort((a, b) => a.name.localeCompare(b.name))
    const total = zero()
    for (const r of rows) for (const k of Object.keys(total) as Array<keyof Numbers>) total[k] += r[k]
    return { kitId, ...total, people: rows }
  }

  return { of }
}

export type KitFiguresReader = ReturnType<typeof createKitFigures>
