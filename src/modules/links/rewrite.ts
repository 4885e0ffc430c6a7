// Finds the web addresses in a text (linkify-it, the linkifier of markdown-it) and swaps each for
// its tracked link, keeping everything around them as written.
import LinkifyIt from 'linkify-it'

const linkify = new LinkifyIt()

/** The http(s) addresses a reader would click in this text, in order, without repeats. */
export function webAddressesIn(text: string): string[] {
  const found = (linkify.match(text) ?? []).map((m) => m.raw).filter((raw) => /^https?:\/\//i.test(raw))
  return [...new Set(found)]
}

/** The text with each address replaced by what `replace` gives for it (same address, same link). */
export function replaceAddresses(text: string, replace: (address: string) => string | undefined): string {
  const matches = linkify.match(text) ?? []
  let out = ''
  let at = 0
  for (const m of matches) {
    const next = /^https?:\/\//i.test(m.raw) ? replace(m.raw) : undefined
    if (next === undefined) continue
    out += text.slice(at, m.index) + next
    at = m.lastIndex
  }
  return out + text.slice(at)
}
