// Orders beside the comment: a moderator links the commenter to a shop customer (found by e-mail,
// name or order number, or suggested when the Facebook name matches exactly one customer), sees their
// latest orders live, and tags the complaint to one. Only ids are stored; every change is audited.
import { InvalidInput, NotFound } from '../../errors.js'
import type { Actor, AuditLog } from '../audit/service.js'
import type { Connections } from './connections.js'
import type { LinkFilter, LinkRepository, StoredLink } from './link-repository.js'
import type { Orders } from './orders.js'
import type { ShopCustomer, ShopOrder } from './platforms/types.js'

/** The comment as the panel needs it. */
export type Commenter = {
  facebookCommentId: string
  facebookPageId: string
  from: { id: string | null; name: string | null }
}

export type ShopPanel = {
  connections: {
    id: string
    name: string
    platform: string
    customer: ShopCustomer | null
    orders: ShopOrder[]
    suggestion: ShopCustomer | null
    results: ShopCustomer[] | null
    searched: string | null
    error: string | null
  }[]
  tag: { connectionId: string; order: ShopOrder | null; orderId: string } | null
  /** What Fanfare keeps of this commenter on this page (for the erase action), null without a known author. */
  kept: Kept | null
}

/** What Fanfare keeps of a commenter on a page: customer links, order tags, contest entries. */
export type Kept = { links: number; tags: number; entries: number }

/**
 * Another module's share of a commenter's data (the campaigns' comment-to-enter entries), counted
 * for the panel and erased with the rest, so one action erases all of it.
 */
export type CommenterEntries = {
  count(facebookPageId: string, psid: string): Promise<number>
  erase(facebookPageId: string, psid: string): Promise<number>
}
const NO_ENTRIES: CommenterEntries = { count: async () => 0, erase: async () => 0 }

const sameName = (a: string, b: string) =>
  a.trim().toLocaleLowerCase('nl') === b.trim().toLocaleLowerCase('nl')

export function createCustomers(deps: {
  connections: Connections
  orders: Orders
  links: LinkRepository
  audit: AuditLog
}) {
  const { connections, orders, links, audit } = deps
  let entries = NO_ENTRIES
  const keptOf = async (facebookPageId: string, psid: string): Promise<Kept> => {
    const [shop, entered] = await Promise.all([
      links.countOf(facebookPageId, psid),
      entries.count(facebookPageId, psid),
    ])
    return { ...shop, entries: entered }
  }

  const who = (c: Commenter) => {
    if (!c.from.id) throw new InvalidInput('customerId', 'shop.noCommenter')
    return { facebookPageId: c.facebookPageId, facebookUserId: c.from.id }
  }

  async function search(connectionId: string, q: string): Promise<ShopCustomer[]> {
    const text = q.trim()
    return connections.call(connectionId, async (shop) => {
      if (text.includes('@')) return shop.searchCustomers({ email: text })
      if (/^#?\d{1,12}$/.test(text)) {
        const order = await shop.orderByNumber(text.replace(/^#/, ''))
        const customer = order?.customerId ? await shop.customer(order.customerId) : null
        return customer ? [customer] : []
      }
      return shop.searchCustomers({ text })
    })
  }

  return {
    search,

    /** What the thread shows per connected shop; a shop that fails shows its error, not a broken page. */
    async panelFor(
      comment: Commenter,
      query: { connectionId?: string; q?: string } = {},
    ): Promise<ShopPanel> {
      const all = await connections.list()
      const linked = comment.from.id ? await links.linksOf(comment.facebookPageId, comment.from.id) : []
      const tagged = await links.tagOf(comment.facebookCommentId)
      const kept = comment.from.id ? await keptOf(comment.facebookPageId, comment.from.id) : null
      const panel: ShopPanel = { connections: [], tag: null, kept }
      for (const connection of all) {
        const entry: ShopPanel['connections'][number] = {
          id: connection.id,
          name: connection.name,
          platform: connection.platform,
          customer: null,
          orders: [],
          suggestion: null,
          results: null,
          searched: null,
          error: null,
        }
        try {
          const link = linked.find((l) => l.connectionId === connection.id)
          if (link) {
            entry.customer = await connections.call(connection.id, (shop) => shop.customer(link.customerId))
            if (entry.customer) entry.orders = await orders.ofCustomer(connection.id, link.customerId, 5)
          } else if (comment.from.name) {
            const name = comment.from.name
            const matches = (
              await connections.call(connection.id, (shop) => shop.searchCustomers({ text: name }))
            ).filter((c) => sameName(c.name, name))
            entry.suggestion = matches.length === 1 ? (matches[0] as ShopCustomer) : null
          }
          if (query.q && query.connectionId === connection.id) {
            entry.searched = query.q
            entry.results = await search(connection.id, query.q)
          }
        } catch (err) {
          entry.error = (err as Error).message
        }
        panel.connections.push(entry)
      }
      if (tagged) {
        const order = await orders.find(tagged.connectionId, tagged.orderId).catch(() => null)
        panel.tag = { connectionId: tagged.connectionId, orderId: tagged.orderId, order }
      }
      return panel
    },

    async link(
      actor: Actor,
      comment: Commenter,
      connectionId: string,
      customerId: string,
    ): Promise<StoredLink> {
      const person = who(comment)
      const customer = await connections.call(connectionId, (shop) => shop.customer(customerId))
      if (!customer) throw new InvalidInput('customerId', 'shop.customerNotFound')
      const link = await links.link(person, connectionId, customer.id, actor.userId ?? actor.name)
      // The comment names the commenter; the audit log, which outlives an erasure, keeps no Facebook id.
      await audit.record(actor, {
        action: 'shop.customerLink',
        target: { type: 'comment', id: comment.facebookCommentId },
        pageId: comment.facebookPageId,
        after: { linkId: link.id, connectionId, customerId: customer.id },
      })
      return link
    },

    async unlink(actor: Actor, comment: Commenter, connectionId: string): Promise<void> {
      const person = who(comment)
      if (!(await links.unlink(person, connectionId))) throw new NotFound('shop.customerNotFound')
      await audit.record(actor, {
        action: 'shop.customerUnlink',
        target: { type: 'comment', id: comment.facebookCommentId },
        pageId: comment.facebookPageId,
        before: { connectionId },
      })
    },

    /** Tags the complaint to an order of the linked customer (the order is checked live). */
    async tagOrder(actor: Actor, comment: Commenter, connectionId: string, orderId: string): Promise<void> {
      const person = who(comment)
      const order = await orders.find(connectionId, orderId)
      if (!order) throw new InvalidInput('orderId', 'shop.orderNotFound')
      const link = (await links.linksOf(person.facebookPageId, person.facebookUserId)).find(
        (l) => l.connectionId === connectionId,
      )
      if (link && order.customerId && order.customerId !== link.customerId) {
        throw new InvalidInput('orderId', 'shop.orderOfAnotherCustomer')
      }
      await links.tag(
        { ...person, facebookCommentId: comment.facebookCommentId },
        connectionId,
        order.id,
        actor.userId ?? actor.name,
      )
      await audit.record(actor, {
        action: 'shop.orderTag',
        target: { type: 'comment', id: comment.facebookCommentId },
        pageId: comment.facebookPageId,
        after: { connectionId, orderId: order.id, orderNumber: order.number },
      })
    },

    /** The JSON API's list: ids only, the member's pages only. */
    listLinks: (filter: LinkFilter) => links.list(filter),

    /** Where a link lives, for the page scope of `/api/v1/shop/customer-links/{id}`. */
    async pageOfLink(id: string): Promise<{ facebookPageId: string } | null> {
      const link = await links.find(id)
      return link ? { facebookPageId: link.facebookPageId } : null
    },

    async removeLink(actor: Actor, id: string): Promise<void> {
      const link = await links.removeById(id)
      if (!link) throw new NotFound('shop.customerLinkNotFound')
      await audit.record(actor, {
        action: 'shop.customerUnlink',
        target: { type: 'shop_customer_link', id: link.id },
        pageId: link.facebookPageId,
        before: { connectionId: link.connectionId, customerId: link.customerId },
      })
    },

    /**
     * A moderator erases what Fanfare keeps of a commenter on this page: their links to shop customers
     * and the order tags on their comments. The comments stay (the page's own Facebook data). Audited
     * with the counts only: no Facebook id, no customer id.
     */
    /** The campaigns module hands over its comment-to-enter entries (it starts after the shop). */
    eraseEntriesWith(source: CommenterEntries) {
      entries = source
    },

    async erase(actor: Actor, comment: Commenter): Promise<Kept> {
      const person = who(comment)
      const [erased, entered] = await Promise.all([
        links.erase(person.facebookPageId, person.facebookUserId),
        entries.erase(person.facebookPageId, person.facebookUserId),
      ])
      await audit.record(actor, {
        action: 'shop.commenterErase',
        target: { type: 'comment', id: comment.facebookCommentId },
        pageId: comment.facebookPageId,
        after: { links: erased.links, orderTags: erased.tags, contestEntries: entered },
      })
      return { ...erased, entries: entered }
    },
  }
}

export type Customers = ReturnType<typeof createCustomers>
