// Pulls recent posts' comments through Graph: one queued import (on connect or on demand), or every
// page's last few days on the hourly schedule, to catch what a webhook missed.
import type { Services } from '../src/services.js'

export async function backfillComments(
  data: { importId?: string; days?: number },
  deps: { services: Pick<Services, 'comments'> },
): Promise<{ comments?: number; pages?: number }> {
  if (data.importId) {
    const run = await deps.services.comments.runImport(data.importId)
    return { comments: run.comments }
  }
  return deps.services.comments.importAllPages(data.days ?? 3)
}
