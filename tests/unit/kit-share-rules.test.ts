import { describe, expect, it } from 'vitest'
import { shareDialogUrl } from '../../src/modules/kits/share-dialog.js'
import { quietHoursOf, shareDay, shareRefusal } from '../../src/modules/kits/share-rules.js'

const amsterdam = (quietHours: { start: string; end: string } | null) => ({
  timeZone: 'Europe/Amsterdam',
  quietHours,
})
// 2026-12-02 in Amsterdam is UTC+1.
const at = (localTime: string) => new Date(`2026-12-02T${localTime}:00+01:00`)

describe('whether an ambassador may share now', () => {
  it('refuses during quiet hours that wrap midnight, in the page’s time zone', () => {
    const page = amsterdam({ start: '22:00', end: '07:00' })
    expect(shareRefusal(at('23:30'), page, 0, 3)).toBe('kits.quietHours')
    expect(shareRefusal(at('06:59'), page, 0, 3)).toBe('kits.quietHours')
    expect(shareRefusal(at('07:00'), page, 0, 3)).toBeNull()
    expect(shareRefusal(at('21:59'), page, 0, 3)).toBeNull()
  })

  it('refuses at the cap, and names quiet hours first when both apply', () => {
    expect(shareRefusal(at('12:00'), amsterdam(null), 2, 3)).toBeNull()
    expect(shareRefusal(at('12:00'), amsterdam(null), 3, 3)).toBe('kits.shareCap')
    expect(shareRefusal(at('23:00'), amsterdam({ start: '22:00', end: '07:00' }), 3, 3)).toBe(
      'kits.quietHours',
    )
  })

  it('counts the cap per local day, not per UTC day', () => {
    // 00:30 in Amsterdam is still the previous day in UTC.
    expect(shareDay(at('00:30'), amsterdam(null))).toBe('2026-12-02')
    expect(shareDay(new Date('2026-12-01T23:30:00Z'), amsterdam(null))).toBe('2026-12-02')
  })

  it('reads a page without quiet hours (both ends unset) as none', () => {
    expect(quietHoursOf({ quietHours: { start: null, end: null } })).toBeNull()
    expect(quietHoursOf({ quietHours: { start: '22:00', end: '07:00' } })).toEqual({
      start: '22:00',
      end: '07:00',
    })
  })
})

describe('the Share Dialog address', () => {
  it('carries the app, the person’s link and the hashtag, and never a prefilled message', () => {
    const url = new URL(
      shareDialogUrl({
        dialogBase: 'https://www.facebook.com',
        appId: '1234',
        href: 'https://fanfare.example/r/AbCdEfGh',
        hashtag: '#medewerker',
        redirectUri: 'https://fanfare.example/kits/1',
      }),
    )
    expect(url.origin + url.pathname).toBe('https://www.facebook.com/dialog/share')
    expect(Object.fromEntries(url.searchParams)).toEqual({
      app_id: '1234',
      display: 'popup',
      href: 'https://fanfare.example/r/AbCdEfGh',
      hashtag: '#medewerker',
      redirect_uri: 'https://fanfare.example/kits/1',
    })
  })
})
