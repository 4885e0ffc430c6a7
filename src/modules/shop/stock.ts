// Live stock of product variants: read from the shop, remembered for the variants promos are linked
// to (so a webhook or the reconcile job can tell that one sold out), and announced to listeners.
import { InvalidInput, NotFound } from '../../errors.js'
import type { Connections } from './connections.js'
import type { VariantStock } from './platforms/types.js'
import type { StockRepository } from './stock-repository.js'

/** A variant of a connected shop, as posts and campaigns store it. */
export type ProductRef = { connectionId: string; variantId: string }

export const productRefOf = (value: string): ProductRef => {
  const at = value.indexOf(':')
  return { connectionId: value.slice(0, at), variantId: value.slice(at + 1) }
}
export const productRefText = (ref: ProductRef) => `${ref.connectionId}:${ref.variantId}`

export type Catalog = {
  connectionId: string
  name: string
  variants: VariantStock[]
  error: string | null
}[]

export type StockChange = ProductRef & { title: string | null; before: number | null; stock: number | null }

export function createStock(deps: { connections: Connections; watched: StockRepository }) {
  const { connections, watched } = deps
  const listeners: ((change: StockChange) => Promise<void> | void)[] = []

  async function announce(change: StockChange): Promise<void> {
    for (const listener of listeners) await listener(change)
  }

  async function remember(connectionId: string, levels: VariantStock[]): Promise<void> {
    for (const level of levels) {
      const { before } = await watched.record({
        connectionId,
        variantId: level.id,
        title: level.title,
        stock: level.stock,
      })
      if (before !== level.stock) {
        await announce({ connectionId, variantId: level.id, title: level.title, before, stock: level.stock })
      }
    }
  }

  return {
    /** The variant's stock now, read from the shop; the variant is watched from then on. */
    async of(ref: ProductRef): Promise<VariantStock> {
      const [level] = await connections.call(ref.connectionId, (shop) => shop.stock([ref.variantId]))
      if (!level) throw new InvalidInput('product', 'shop.variantNotFound', { variant: ref.variantId })
      await remember(ref.connectionId, [level])
      return level
    },

    search: (connectionId: string, text: string) =>
      connections.call(connectionId, (shop) => shop.searchVariants(text)),

    /**
     * What a promo can be linked to, per connected shop: the first variants the shop lists (the
     * compose form's choice; its search asks for more). A shop that fails shows its error instead.
     */
    async catalog(): Promise<Catalog> {
      const all = await connections.list()
      return Promise.all(
        all.map(async (c) => {
          try {
            const variants = await connections.call(c.id, (shop) => shop.searchVariants(''))
            return { connectionId: c.id, name: c.name, variants, error: null }
          } catch (err) {
            return { connectionId: c.id, name: c.name, variants: [], error: (err as Error).message }
          }
        }),
      )
    },

    /** Re-reads every watched variant of the connection (after a webhook, and periodically). */
    async refresh(connectionId: string): Promise<number> {
      const known = await watched.of(connectionId)
      if (known.length === 0) return 0
      const levels = await connections.call(connectionId, (shop) => shop.stock(known.map((k) => k.variantId)))
      await remember(connectionId, levels)
      return levels.length
    },

    /** Last stock read for the variant, without asking the shop. */
    async lastKnown(ref: ProductRef) {
      const found = await watched.find(ref.connectionId, ref.variantId)
      if (!found) throw new NotFound('shop.variantNotFound')
      return found
    },

    /** Called with every change of a watched variant's stock (posts hold promos of sold-out ones). */
    onChange(listener: (change: StockChange) => Promise<void> | void): void {
      listeners.push(listener)
    },
  }
}

export type Stock = ReturnType<typeof createStock>
