// Graph paging as an async iterator. Graph pages two ways: cursors (`paging.cursors.after` plus
// `paging.next`) and time-based (`paging.next` with since/until/__paging_token and no cursors).
// Both are followed through the parameters of `paging.next`, re-sent by our own client (so the
// token in the URL is never used); a page may be empty and still have `next`. The walk stops
// only when `next` is absent, or at the page guard, or when Graph repeats the same next page.
import type { GraphLogger } from './http.js'

export interface GraphPage<T> {
  data: T[]
  paging?: { cursors?: { after?: string; before?: string }; next?: string; previous?: string }
}

export interface PaginateOptions {
  maxPages: number
  logger: GraphLogger
  /** for the log line when the guard stops the walk */
  what: string
}

/** Parameters the next page is asked with; undefined for the first page. */
export type PageParams = Record<string, string> | undefined

/** Never taken over from a next URL: the client adds its own token and proof. */
const OWN_PARAMS = new Set(['access_token', 'appsecret_proof'])

/** The query of `paging.next` without our credentials; the cursor when the URL lacks one. */
export function nextPageParams(paging: GraphPage<unknown>['paging']): PageParams {
  const next = paging?.next
  if (!next) return undefined
  const params: Record<string, string> = {}
  try {
    for (const [key, value] of new URL(next).searchParams) if (!OWN_PARAMS.has(key)) params[key] = value
  } catch {
    // a next that is not a URL still says there is more; the cursor tells where
  }
  const after = paging?.cursors?.after
  if (
    after &&
    params.after === undefined &&
    params.__paging_token === undefined &&
    params.until === undefined
  )
    params.after = after
  return params
}

export async function* paginate<T>(
  fetchPage: (params: PageParams) => Promise<GraphPage<T>>,
  options: PaginateOptions,
): AsyncGenerator<T, void, undefined> {
  let params: PageParams
  const seen = new Set<string>()
  for (let pageNumber = 1; ; pageNumber += 1) {
    const page = await fetchPage(params)
    yield* page.data
    const next = nextPageParams(page.paging)
    if (!next) return
    const key = JSON.stringify(Object.entries(next).sort())
    // Graph answering the same next page again would loop forever
    if (seen.has(key) || Object.keys(next).length === 0) {
      options.logger.warn({ what: options.what }, 'graph paging stopped: next page repeats or says nothing')
      return
    }
    seen.add(key)
    if (pageNumber >= options.maxPages) {
      options.logger.warn(
        { what: options.what, maxPages: options.maxPages },
        'graph paging stopped at max pages',
      )
      return
    }
    params = next
  }
}
