// Asks Graph, for every connected page, whether its token still works; broken ones get marked
// "needs reconnecting" (and their work held) before a publish or a reply finds out the hard way.
import type { PageService } from '../src/modules/pages/service.js'

export type CheckPageTokensResult = { checked: number; needsReconnect: string[] }

export async function checkPageTokens(deps: { pages: PageService }): Promise<CheckPageTokensResult> {
  const needsReconnect: string[] = []
  const pages = await deps.pages.list()
  for (const page of pages) {
    const checked = await deps.pages.checkToken(page.id)
    if (checked.tokenStatus !== 'ok') needsReconnect.push(checked.facebookPageId)
  }
  return { checked: pages.length, needsReconnect }
}
