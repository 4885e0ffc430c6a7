// Asks Graph, for every connected page, whether its token still works; broken ones get marked
// "needs reconnecting" (and their work held) before a publish or a reply finds out the hard way.
import type { Services } from '../src/services.js'

export type CheckPageTokensResult = { checked: number; needsReconnect: string[] }

export async function checkPageTokens(
  _data: unknown,
  deps: { services: Pick<Services, 'pages'> },
): Promise<CheckPageTokensResult> {
  const needsReconnect: string[] = []
  const pages = await deps.services.pages.list()
  for (const page of pages) {
    const checked = await deps.services.pages.checkToken(String(page._id))
    if (checked.tokenStatus !== 'ok') needsReconnect.push(checked.facebookPageId)
  }
  return { checked: pages.length, needsReconnect }
}
