// Comment to enter: every distinct commenter under a page post is one entry (optionally only
// comments with a keyword, only top-level ones), always only comments made while the contest was open.
// Collected through the Graph API with paging by a job, and one comment at a time by the webhook.
import type { GraphClient } from '../../graph/index.js'
import type { PageService } from '../pages/service.js'
import type { Campaign, CampaignRepository } from './campaign-repository.js'
import type { Entering } from './entering.js'
import type { EntryRepository } from './entry-repository.js'

/** A comment as the webhook or Graph gives it; `from.id` is the commenter's page-scoped id. */
export type IncomingComment = {
  id: string
  message?: string | null
  createdTime?: Date | null
  from?: { id: string; name?: string | null } | null
  /** The parent comment's id for a reply; absent (or the post id) for a top-level comment. */
  parentId?: string | null
}

export type CollectResult = { seen: number; entered: number; duplicates: number; skipped: number }

/** Whether a comment counts as an entry of this campaign. */
export function commentQualifies(
  campaign: Campaign,
  facebookPageId: string,
  comment: IncomingComment,
): boolean {
  const from = comment.from?.id
  if (!from || from === facebookPageId) return false
  const postId = campaign.comment?.postId
  const isReply = Boolean(comment.parentId && comment.parentId !== postId)
  if (campaign.comment?.topLevelOnly !== false && isReply) return false
  const at = comment.createdTime
  if (!at || at < campaign.opensAt || at >= campaign.closesAt) return false
  const keyword = campaign.comment?.keyword?.trim().toLowerCase()
  if (keyword && !(comment.message ?? '').toLowerCase().includes(keyword)) return false
  return true
}

export function createCommentEntryService(deps: {
  campaigns: CampaignRepository
  pages: PageService
  graph: GraphClient
  entries: Pick<EntryRepository, 'withdrawCommentEntry'>
  entering: Entering
}) {
  const { campaigns, entries, pages, graph, entering } = deps

  async function enter(campaign: Campaign, facebookPageId: string, comment: IncomingComment) {
    if (!commentQualifies(campaign, facebookPageId, comment)) return 'skipped' as const
    return entering.enterByComment(campaign, {
      psid: String(comment.from?.id),
      name: comment.from?.name ?? '',
      commentId: comment.id,
      at: comment.createdTime ?? new Date(),
    })
  }

  return {
    /** Reads every comment under the campaign's post (all pages of the answer) and records the entries. */
    async collect(campaignId: string, options: { pageSize?: number } = {}): Promise<CollectResult> {
      const campaign = await campaigns.find(campaignId)
      const result: CollectResult = { seen: 0, entered: 0, duplicates: 0, skipped: 0 }
      if (campaign?.entryMethod !== 'comment' || campaign.phase !== 'published') return result
      const postId = campaign.comment?.postId as string
      const page = await pages.find(campaign.pageId)
      await pages.withPageToken(page, async (token) => {
        const comments = graph.listComments(postId, token, {
          filter: campaign.comment?.topLevelOnly === false ? 'stream' : 'toplevel',
          limit: options.pageSize ?? 100,
        })
        for await (const comment of comments) {
          result.seen += 1
          const outcome = await enter(campaign, page.facebookPageId, comment)
          if (outcome === 'entered') result.entered += 1
          else if (outcome === 'duplicate') result.duplicates += 1
          else result.skipped += 1
        }
      })
      await campaigns.markCollected(campaign.id)
      return result
    },

    /** The repeatable job: every comment campaign that is collecting. */
    async collectAll(): Promise<Record<string, CollectResult>> {
      const results: Record<string, CollectResult> = {}
      for (const campaign of await campaigns.collectingByComment())
        results[campaign.id] = await this.collect(campaign.id)
      return results
    },

    /**
     * For the comment webhook (issue 6): one new comment under a page post. Entries are keyed on the
     * commenter's page-scoped id, so a webhook retry or a later backfill of the same comment adds nothing.
     */
    async recordCommentEntry(input: {
      facebookPageId: string
      postId: string
      comment: IncomingComment
    }): Promise<{ campaignId: string; outcome: 'entered' | 'duplicate' | 'blocked' | 'skipped' }[]> {
      const campaignsOfPost = await campaigns.publishedByCommentOnPosts([input.postId])
      const outcomes = []
      for (const campaign of campaignsOfPost) {
        outcomes.push({
          campaignId: campaign.id,
          outcome: await enter(campaign, String(input.facebookPageId), input.comment),
        })
      }
      return outcomes
    },

    /**
     * Entering and withdrawing for deliveries' comments under these posts (a removed comment takes
     * back the entry recorded for that very comment), their campaigns read once for them all. A
     * post is missing from the answer when no published comment campaign runs on it (usually), so
     * nothing else is asked for its comments.
     */
    async onPosts(postIds: string[]) {
      const byPost = new Map<string, Campaign[]>()
      for (const campaign of await campaigns.publishedByCommentOnPosts([...new Set(postIds)])) {
        const postId = campaign.comment?.postId as string
        const onPost = byPost.get(postId)
        if (onPost) onPost.push(campaign)
        else byPost.set(postId, [campaign])
      }
      return new Map(
        [...byPost].map(([postId, campaignsOfPost]) => [
          postId,
          {
            async record(facebookPageId: string, comment: IncomingComment): Promise<void> {
              for (const campaign of campaignsOfPost) await enter(campaign, String(facebookPageId), comment)
            },
            async withdraw(commentId: string): Promise<number> {
              return entries.withdrawCommentEntry(
                campaignsOfPost.map((c) => c.id),
                commentId,
              )
            },
          },
        ]),
      )
    },
  }
}

export type CommentEntryService = ReturnType<typeof createCommentEntryService>
