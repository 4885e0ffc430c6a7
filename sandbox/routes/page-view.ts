// A plain HTML view of a sandbox page's timeline at /__sandbox/pages/:pageId/view: what a fan would
// see on Facebook (live posts, newest first, with their comments), for demos and browser tests.
import type { FastifyInstance } from 'fastify'
import type { SandboxComment, SandboxPost } from '../model.js'
import type { SandboxRuntime } from '../runtime.js'

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  )

export function registerPageViewRoutes(app: FastifyInstance, runtime: SandboxRuntime): void {
  const { state } = runtime

  const commentHtml = (comment: SandboxComment): string =>
    `<li id="c-${escapeHtml(comment.id)}"><strong>${escapeHtml(comment.from.name)}</strong> ${escapeHtml(comment.message)}</li>`

  const postHtml = (post: SandboxPost): string => {
    const comments = post.streamIds
      .map((id) => state.comments.get(id))
      .filter((c): c is SandboxComment => Boolean(c && !c.deleted && !c.isHidden))
    const time = new Date(state.visibleTime(post) * 1000).toISOString()
    return [
      `<article class="post" id="post-${escapeHtml(post.id)}" data-post-id="${escapeHtml(post.id)}">`,
      `<p><time datetime="${time}">${time}</time></p>`,
      post.photoUrl ? `<p><img src="${escapeHtml(post.photoUrl)}" alt="" width="320"></p>` : '',
      `<p class="message">${escapeHtml(post.message ?? '').replaceAll('\n', '<br>')}</p>`,
      post.link ? `<p><a href="${escapeHtml(post.link)}">${escapeHtml(post.link)}</a></p>` : '',
      comments.length ? `<ul class="comments">${comments.map(commentHtml).join('')}</ul>` : '',
      '</article>',
    ].join('')
  }

  app.get<{ Params: { pageId: string } }>('/__sandbox/pages/:pageId/view', async (request, reply) => {
    const page = state.pages.get(request.params.pageId)
    if (!page) return reply.code(404).type('text/plain').send('no such sandbox page')
    const posts = page.postIds
      .map((id) => state.posts.get(id))
      .filter((p): p is SandboxPost => Boolean(p && !p.deleted && state.isLive(p)))
      .sort((a, b) => state.visibleTime(b) - state.visibleTime(a) || b.seq - a.seq)
    const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(page.name)} · Sandbox Facebook</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 2rem auto">
<p><em>Sandbox Graph server: this stands in for the page on Facebook.</em></p>
<h1>${escapeHtml(page.name)}</h1>
${posts.map(postHtml).join('\n') || '<p>No posts yet.</p>'}
</body></html>`
    return reply.type('text/html; charset=utf-8').send(html)
  })
}
