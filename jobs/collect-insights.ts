// Collects page and post insights: one page on demand, or every connected page (daily).
import type { Insights } from '../src/modules/insights/service.js'
import type { PageService } from '../src/modules/pages/service.js'
import type { JobData } from '../src/queues.js'

export async function collectInsights(
  data: JobData['collect-insights'],
  deps: { insights: Insights; pages: PageService },
): Promise<{ pages: number; values: number }> {
  if (!data.pageId) return deps.insights.collectAll()
  const page = await deps.pages.connectedById(data.pageId)
  if (!page) return { pages: 0, values: 0 }
  // The last four weeks on demand, so a freshly connected page has a baseline to show.
  const { values } = await deps.insights.collectPage(page, 28)
  return { pages: 1, values }
}
