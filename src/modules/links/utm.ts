// Fanfare's UTM template: which parameters a tracked link adds, and how an order's UTM leads back.
import type { UtmMedium } from './model.js'

export const UTM_SOURCE = 'facebook'

export type UtmFields = { medium: UtmMedium; campaign: string; content: string }

/** The target with Fanfare's UTM parameters; parameters the marketer set themselves are replaced. */
export function withUtm(target: string, utm: UtmFields): string {
  const url = new URL(target)
  url.searchParams.set('utm_source', UTM_SOURCE)
  url.searchParams.set('utm_medium', utm.medium)
  url.searchParams.set('utm_campaign', utm.campaign)
  url.searchParams.set('utm_content', utm.content)
  return url.toString()
}

/** A value safe in a UTM parameter and readable in any analytics tool: lower case, a–z 0–9 and dashes. */
export function utmSlug(text: string, max = 40): string {
  const slug = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, max)
    .replace(/-+$/, '')
  return slug || 'fanfare'
}

const CODE = /^[A-Za-z0-9]{8}$/

/**
 * utm_content is `<what>-<code>`: post-Ab3dE6gH for a post, <person>-Ab3dE6gH for an ambassador.
 * The code after the last dash names the tracked link, which knows the post, campaign or person.
 */
export function codeOfUtmContent(content: string | null | undefined): string | null {
  if (!content) return null
  const code = content.slice(content.lastIndexOf('-') + 1)
  return CODE.test(code) ? code : null
}

export function isFanfareUtm(utm: { source?: string | null; medium?: string | null }): boolean {
  return (
    (utm.source ?? '').toLowerCase() === UTM_SOURCE && ['social', 'ambassador'].includes(utm.medium ?? '')
  )
}
