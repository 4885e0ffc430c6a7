// Shopify's search syntax as far as the sandbox needs it: `field:value` terms (with > >= < <=),
// quoted values, and free text (shopify.dev/docs/api/usage/search-syntax).
export type SearchTerm = { field: string | null; op: ':' | '>' | '>=' | '<' | '<='; value: string }

export function parseSearch(query: string | null | undefined): SearchTerm[] {
  if (!query) return []
  const terms: SearchTerm[] = []
  const pattern = /(?:([a-z_]+):(>=|<=|>|<)?)?(?:"([^"]*)"|'([^']*)'|(\S+))/gi
  for (const m of query.matchAll(pattern)) {
    const value = m[3] ?? m[4] ?? m[5] ?? ''
    if (!m[1] && /^(AND|OR)$/.test(value)) continue
    terms.push({ field: m[1]?.toLowerCase() ?? null, op: (m[2] as SearchTerm['op']) ?? ':', value })
  }
  return terms
}

export function compare(actual: string, term: SearchTerm): boolean {
  switch (term.op) {
    case '>':
      return actual > term.value
    case '>=':
      return actual >= term.value
    case '<':
      return actual < term.value
    case '<=':
      return actual <= term.value
    default:
      return actual.toLowerCase() === term.value.toLowerCase()
  }
}
