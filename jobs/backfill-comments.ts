// Pulls recent posts' comments through Graph: one queued import (on connect or on demand), or every
// page's last few days on the hourly schedule, to catch what a webhook missed.
import type { CommentsModule } from '../src/modules/comments/index.js'
import { BACKFILL_DAYS, type JobData } from '../src/queues.js'

export async function backfillComments(
  data: JobData['backfill'],
  deps: { comments: CommentsModule },
): Promise<{ comments?: number; pages?: number }> {
  if (data.importId) {
    const run = await deps.comments.imports.runImport(data.importId)
    return { comments: run.comments }
  }
  return deps.comments.imports.importAllPages(data.days ?? BACKFILL_DAYS)
}
