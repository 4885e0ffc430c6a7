// The builder's product picker: the connected shops, the linked product (as last read) and, when the
// marketer searched ("Search" without JavaScript asks the server), the variants found with their stock.
import type { ShopModule } from '../shop/index.js'
import { productRefOf } from '../shop/stock.js'

export type ProductChoice = { value: string; title: string; stock: number | null }

export type ProductPicker = {
  shops: { id: string; name: string }[]
  shopId: string
  query: string
  choices: ProductChoice[]
  /** a search ran and found nothing, or the shop could not be asked */
  noResults: boolean
  searchFailed: boolean
}

const text = (v: unknown) => (typeof v === 'string' ? v.trim() : '')

export async function productPicker(
  shop: Pick<ShopModule, 'connections' | 'stock'>,
  values: Record<string, unknown>,
  search: boolean,
): Promise<ProductPicker> {
  const shops = (await shop.connections.list()).map((c) => ({ id: c.id, name: c.name }))
  const current = text(values.product)
  const query = text(values.productQuery).slice(0, 200)
  const shopId = shops.find((s) => s.id === text(values.productShop))?.id ?? shops[0]?.id ?? ''
  const choices: ProductChoice[] = []
  if (current.includes(':')) {
    const ref = productRefOf(current)
    const known = await shop.stock.lastKnown(ref).catch(() => null)
    choices.push({ value: current, title: known?.title ?? ref.variantId, stock: known?.stock ?? null })
  }
  let noResults = false
  let searchFailed = false
  if (search && query && shopId) {
    try {
      const found = await shop.stock.search(shopId, query)
      for (const v of found) {
        const value = `${shopId}:${v.id}`
        if (value !== current) choices.push({ value, title: v.title, stock: v.stock })
      }
      noResults = found.length === 0
    } catch {
      // The shop is away: said beside the search, the form and its input stay as they are.
      searchFailed = true
    }
  }
  return { shops, shopId, query, choices, noResults, searchFailed }
}
