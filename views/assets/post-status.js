// A post's page follows its status: while it waits or goes out, it asks every few seconds and
// reloads when the status changed (scheduled → publishing → published), so nobody has to refresh.
;(() => {
  const badge = document.querySelector('[data-watch-post]')
  if (!badge) return
  const { watchPost: id, status } = badge.dataset
  const timer = setInterval(async () => {
    try {
      const res = await fetch(`/api/v1/posts/${id}`, { headers: { accept: 'application/json' } })
      if (!res.ok) return
      const post = await res.json()
      if (post.status !== status) {
        clearInterval(timer)
        location.reload()
      }
    } catch {
      // offline for a moment; the next tick tries again
    }
  }, 3000)
})()
