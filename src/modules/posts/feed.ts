// The Graph side of publishing: the post as Facebook gets it, and finding one an earlier attempt made.
import type { GraphClient } from '../../graph/index.js'
import type { Page } from '../pages/repository.js'
import type { Post } from './repository.js'

/** How far back the feed is searched for a post whose first attempt may have gone through. */
const FEED_LOOKBACK_MS = 10 * 60_000

type Content = Pick<Post, 'message' | 'link' | 'imageUrl'>

/** The text Facebook shows: photos carry the link in their caption, they have no link field. */
export function captionOf(post: Content): string {
  return post.imageUrl && post.link ? `${post.message}\n\n${post.link}` : post.message
}

const sameText = (a: string | null | undefined, b: string) => (a ?? '').trim() === b.trim()

/** A post an earlier attempt may have created: its text, in the page's feed since that attempt. */
export async function findInFeed(
  graph: GraphClient,
  page: Page,
  post: Content,
  attemptAt: Date,
  token: string,
): Promise<string | null> {
  const since = new Date(attemptAt.getTime() - FEED_LOOKBACK_MS)
  const text = captionOf(post)
  for await (const item of graph.listFeed(page.facebookPageId, token, {
    since,
    limit: 50,
    maxPages: 5,
    fields: 'id,message,created_time',
  })) {
    if (sameText(item.message, text)) return item.id
  }
  return null
}

/** Creates the post on the page (a photo post through /photos); returns Graph's post id. */
export async function publishThroughGraph(
  graph: GraphClient,
  page: Page,
  post: Content,
  token: string,
): Promise<string> {
  if (post.imageUrl) {
    const photo = await graph.publishPhoto(page.facebookPageId, token, {
      url: post.imageUrl,
      caption: captionOf(post),
    })
    return photo.postId ?? photo.id
  }
  const created = await graph.publishPost(page.facebookPageId, token, {
    message: post.message,
    link: post.link ?? undefined,
  })
  return created.id
}
