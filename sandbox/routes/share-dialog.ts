// The Share Dialog (www.facebook.com/dialog/share): an HTML page that shows what a person is about
// to share (the link card and the hashtag) and lets them "post" it, then sends them back to
// redirect_uri. Refuses a missing or unknown app_id and a missing href, as Facebook does. Stricter
// than Facebook on purpose: a `quote` (a prefilled message, which Meta's Platform Terms forbid) is
// refused, so a build that tries to prefill fails in tests instead of being ignored in production.
import type { FastifyInstance, FastifyReply } from 'fastify'
import { z } from 'zod'
import type { SandboxRuntime } from '../runtime.js'
import { escapeHtml } from './dialog.js'

const ShareQuery = z.object({
  app_id: z.string().optional(),
  href: z.string().optional(),
  hashtag: z.string().optional(),
  display: z.enum(['page', 'popup', 'iframe', 'touch', 'async']).optional(),
  redirect_uri: z.string().optional(),
  quote: z.string().optional(),
})
type ShareQuery = z.infer<typeof ShareQuery>

const absolute = (value: string | undefined) => Boolean(value && /^https?:\/\/[^\s]+$/.test(value))

function problemWith(runtime: SandboxRuntime, q: ShareQuery): string | undefined {
  if (!q.app_id || q.app_id !== runtime.app.appId)
    return 'Invalid App ID: The provided app ID does not look like a valid app ID.'
  if (!q.href) return "The parameter 'href' is required."
  if (!absolute(q.href)) return "The parameter 'href' must be an absolute http(s) URL."
  if (q.redirect_uri && !absolute(q.redirect_uri))
    return "The parameter 'redirect_uri' must be an absolute URL."
  if (q.hashtag && !/^#[\p{L}\p{N}_]+$/u.test(q.hashtag))
    return "The parameter 'hashtag' must be one hashtag, starting with #."
  if (q.quote !== undefined)
    return 'Sandbox: the quote parameter prefills what the person shares, which Meta’s Platform Terms forbid.'
  return undefined
}

function page(title: string, body: string, status = 200, reply: FastifyReply) {
  return reply
    .code(status)
    .type('text/html; charset=utf-8')
    .send(`<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>${escapeHtml(title)} | Facebook (sandbox)</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font-family:system-ui,sans-serif;background:#f0f2f5;margin:0}main{max-width:520px;margin:24px auto;background:#fff;border-radius:8px;padding:20px;box-shadow:0 1px 4px #0002}
h1{font-size:1.2em}.badge{background:#1877f2;color:#fff;border-radius:4px;padding:2px 6px;font-size:.75em}textarea{width:100%;box-sizing:border-box;font:inherit;min-height:5em}
.card{border:1px solid #ddd;border-radius:6px;padding:10px;margin:10px 0;overflow-wrap:anywhere}.error{color:#b00}small{color:#65676b}
button,.post{font-size:1em;padding:8px 16px;border-radius:6px;border:0;background:#1877f2;color:#fff;cursor:pointer;text-decoration:none;display:inline-block}</style>
</head><body><main><p><span class="badge">SANDBOX</span> Share Dialog</p>${body}</main></body></html>`)
}

export function registerShareDialogRoutes(app: FastifyInstance, runtime: SandboxRuntime): void {
  const show = async (request: { query: unknown }, reply: FastifyReply) => {
    const parsed = ShareQuery.safeParse(request.query)
    const q = parsed.success ? parsed.data : {}
    const problem = parsed.success ? problemWith(runtime, q) : 'Invalid dialog parameters.'
    if (problem)
      return page(
        'Error',
        `<h1>Sorry, something went wrong</h1><p class="error">${escapeHtml(problem)}</p>`,
        400,
        reply,
      )
    const href = q.href as string
    const back = q.redirect_uri
      ? `<form method="get" action="${escapeHtml(q.redirect_uri)}"><input type="hidden" name="post_id" value="sandbox_shared"><button type="submit" class="share-post">Post to Facebook</button></form>`
      : '<p><small>No redirect_uri: Facebook would close the popup after posting.</small></p>'
    return page(
      'Share',
      `<h1>Share on Facebook as ${escapeHtml(runtime.appName)} suggests</h1>
<label for="message"><small>Say something about this… (the person writes or pastes it; apps may not prefill it)</small></label>
<textarea id="message" name="message" placeholder="Say something about this…"></textarea>
<div class="card"><small>Link</small><br><a class="shared-href" href="${escapeHtml(href)}">${escapeHtml(href)}</a></div>
${q.hashtag ? `<p>Hashtag: <strong class="shared-hashtag">${escapeHtml(q.hashtag)}</strong></p>` : ''}
${back}`,
      200,
      reply,
    )
  }
  for (const prefix of ['', '/:version']) app.get(`${prefix}/dialog/share`, show)
}
