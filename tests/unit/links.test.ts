import { describe, expect, it } from 'vitest'
import { replaceAddresses, webAddressesIn } from '../../src/modules/links/rewrite.js'
import { codeOfUtmContent, isFanfareUtm, utmSlug, withUtm } from '../../src/modules/links/utm.js'
import { createVisitorHasher, notAClick } from '../../src/modules/links/visitors.js'

const CHROME =
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36'

describe('tracked links: UTM template, rewriting, who counts as a click', () => {
  it('adds Fanfare’s UTM parameters and replaces ones the marketer set, keeping the rest', () => {
    const url = new URL(
      withUtm('https://shop.example.nl/sale?size=42&utm_source=newsletter#top', {
        medium: 'social',
        campaign: 'promotion',
        content: 'post-Ab3dE6gH',
      }),
    )
    expect(url.searchParams.get('size')).toBe('42')
    expect(url.searchParams.getAll('utm_source')).toEqual(['facebook'])
    expect(url.searchParams.get('utm_medium')).toBe('social')
    expect(url.searchParams.get('utm_campaign')).toBe('promotion')
    expect(url.searchParams.get('utm_content')).toBe('post-Ab3dE6gH')
    expect(url.hash).toBe('#top')
  })

  it('reads the link code back from utm_content, and nothing from anything else', () => {
    expect(codeOfUtmContent('post-Ab3dE6gH')).toBe('Ab3dE6gH')
    expect(codeOfUtmContent('person-zz9kLmN2')).toBe('zz9kLmN2')
    expect(codeOfUtmContent('banner')).toBeNull()
    expect(codeOfUtmContent('post-short')).toBeNull()
    expect(codeOfUtmContent(null)).toBeNull()
    expect(isFanfareUtm({ source: 'facebook', medium: 'ambassador' })).toBe(true)
    expect(isFanfareUtm({ source: 'facebook', medium: 'cpc' })).toBe(false)
  })

  it('makes readable UTM slugs from any text', () => {
    expect(utmSlug('Winter-uitverkoop: 50% korting!')).toBe('winter-uitverkoop-50-korting')
    expect(utmSlug('Crème brûlée')).toBe('creme-brulee')
    expect(utmSlug('!!!')).toBe('fanfare')
  })

  it('finds the addresses in a post’s text and swaps each, leaving the words around them', () => {
    const text =
      'Nieuw! Kijk op https://shop.example.nl/winter. Of www.example.nl en https://shop.example.nl/winter!'
    expect(webAddressesIn(text)).toEqual(['https://shop.example.nl/winter'])
    const out = replaceAddresses(text, (a) =>
      a === 'https://shop.example.nl/winter' ? 'https://f.test/r/X' : undefined,
    )
    expect(out).toBe('Nieuw! Kijk op https://f.test/r/X. Of www.example.nl en https://f.test/r/X!')
  })

  it('counts a person’s GET, and not HEAD, prefetches, previews or bots', () => {
    const person = { method: 'GET', userAgent: CHROME, purpose: undefined, ip: '192.0.2.1' }
    expect(notAClick(person)).toBeNull()
    expect(notAClick({ ...person, method: 'HEAD' })).toBe('head')
    expect(notAClick({ ...person, purpose: 'prefetch' })).toBe('prefetch')
    expect(notAClick({ ...person, purpose: 'prefetch;prerender' })).toBe('prefetch')
    expect(
      notAClick({
        ...person,
        userAgent: 'facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)',
      }),
    ).toBe('bot')
    expect(
      notAClick({
        ...person,
        userAgent: 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
      }),
    ).toBe('bot')
    expect(notAClick({ ...person, userAgent: undefined })).toBe('bot')
  })

  it('gives a visitor the same id within a day and another one the next day, without the address in it', () => {
    const hash = createVisitorHasher(Buffer.alloc(32, 7))
    const today = hash('2026-12-02', '192.0.2.1', CHROME)
    expect(hash('2026-12-02', '192.0.2.1', CHROME)).toBe(today)
    expect(hash('2026-12-03', '192.0.2.1', CHROME)).not.toBe(today)
    expect(hash('2026-12-02', '192.0.2.2', CHROME)).not.toBe(today)
    expect(today).not.toContain('192')
    expect(createVisitorHasher(Buffer.alloc(32, 8))('2026-12-02', '192.0.2.1', CHROME)).not.toBe(today)
  })
})
