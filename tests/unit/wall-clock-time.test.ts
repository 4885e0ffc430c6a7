import { describe, expect, it } from 'vitest'
import { WallClockTime } from '../../src/schemas/common.js'

const messageOf = (v: string) => WallClockTime.safeParse(v).error?.issues[0]?.message

describe('a date and time from a form or the API', () => {
  it('takes the page’s wall-clock time and ISO 8601 with a real offset', () => {
    expect(WallClockTime.parse('2026-12-01T10:00')).toBe('2026-12-01T10:00')
    expect(WallClockTime.parse('2026-12-01 10:00')).toBe('2026-12-01T10:00')
    expect(WallClockTime.parse('2026-12-01T09:00:00Z')).toBe('2026-12-01T09:00:00Z')
    expect(WallClockTime.parse('2026-12-01T10:00:00+14:00')).toBe('2026-12-01T10:00:00+14:00')
  })

  it('refuses an offset no place on Earth has', () => {
    expect(messageOf('2026-12-01T10:00+25:00')).toMatch(/expected a date and time/)
  })

  it('refuses a year outside this century, such as 1970 or +275760', () => {
    expect(messageOf('1970-01-01T00:00')).toMatch(/between the years 2000 and 2099/)
    expect(messageOf('+275760-09-13T00:00')).toMatch(/expected a date and time/)
  })

  it('refuses a day that does not exist', () => {
    expect(messageOf('2026-02-30T10:00')).toMatch(/expected a date and time/)
  })
})
