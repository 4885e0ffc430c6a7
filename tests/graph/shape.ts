// Compares the shape of two Graph answers: the same field names, and per field the same kind of
// value (numeric id, compound id "{a}_{b}", Graph time, URL, string, integer, boolean, object,
// list). A field only one side has is a mismatch either way, unless the caller ignores its path.

export type Kind =
  | 'null'
  | 'boolean'
  | 'integer'
  | 'number'
  | 'numeric-id'
  | 'compound-id'
  | 'graph-time'
  | 'url'
  | 'string'

export function kindOf(value: unknown): Kind | 'object' | 'array' {
  if (value === null || value === undefined) return 'null'
  if (Array.isArray(value)) return 'array'
  if (typeof value === 'object') return 'object'
  if (typeof value === 'boolean') return 'boolean'
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number'
  const text = String(value)
  if (/^\d+$/.test(text)) return 'numeric-id'
  if (/^\d+_\d+$/.test(text)) return 'compound-id'
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+0000$/.test(text)) return 'graph-time'
  if (/^https?:\/\//.test(text)) return 'url'
  return 'string'
}

/** Paths look like `data[].from.id`; an ignore entry matches that path and everything under it. */
export function compareShapes(
  recorded: unknown,
  actual: unknown,
  options: { ignore?: string[] } = {},
): string[] {
  const problems: string[] = []
  const ignored = (path: string) =>
    (options.ignore ?? []).some((p) => path === p || path.startsWith(`${p}.`) || path.startsWith(`${p}[]`))
  const walk = (want: unknown, got: unknown, path: string) => {
    if (ignored(path)) return
    const wantKind = kindOf(want)
    const gotKind = kindOf(got)
    if (wantKind !== gotKind) {
      problems.push(
        `${path || '(root)'}: recorded ${wantKind} (${JSON.stringify(want)?.slice(0, 60)}), got ${gotKind} (${JSON.stringify(got)?.slice(0, 60)})`,
      )
      return
    }
    if (wantKind === 'array') {
      const [first] = want as unknown[]
      const [other] = got as unknown[]
      if (first !== undefined && other !== undefined) walk(first, other, `${path}[]`)
      return
    }
    if (wantKind !== 'object') return
    const a = want as Record<string, unknown>
    const b = got as Record<string, unknown>
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
      const sub = path ? `${path}.${key}` : key
      if (ignored(sub)) continue
      if (!(key in b)) problems.push(`${sub}: recorded, missing from the answer`)
      else if (!(key in a)) problems.push(`${sub}: in the answer, not in the recording`)
      else walk(a[key], b[key], sub)
    }
  }
  walk(recorded, actual, '')
  return problems
}

/** The query keys of a paging URL, to compare how two answers page. */
export function queryKeys(url: unknown): string[] {
  if (typeof url !== 'string') return []
  return [...new URL(url).searchParams.keys()]
    .filter((key) => !['access_token', 'appsecret_proof'].includes(key))
    .sort()
}
