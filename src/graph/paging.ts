// Cursor paging as an async iterator: follows paging.cursors.after while Graph says there is a
// next page, with a guard on the number of pages.
import type { GraphLogger } from './http.js'

export interface GraphPage<T> {
  data: T[]
  paging?: { cursors?: { after?: string; before?: string }; next?: string }
}

export interface PaginateOptions {
  maxPages: number
  logger: GraphLogger
  /** for the log line when the guard stops the walk */
  what: string
}

export async function* paginate<T>(
  fetchPage: (after: string | undefined) => Promise<GraphPage<T>>,
  options: PaginateOptions,
): AsyncGenerator<T, void, undefined> {
  let after: string | undefined
  for (let pageNumber = 1; ; pageNumber += 1) {
    const page = await fetchPage(after)
    yield* page.data
    const next = page.paging?.cursors?.after
    // Graph leaves out paging.next on the last page; an unchanged cursor would loop forever
    if (!page.paging?.next || !next || next === after || page.data.length === 0) return
    if (pageNumber >= options.maxPages) {
      options.logger.warn(
        { what: options.what, maxPages: options.maxPages },
        'graph paging stopped at max pages',
      )
      return
    }
    after = next
  }
}
