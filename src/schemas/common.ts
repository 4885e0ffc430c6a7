// Shapes shared by several modules' schemas.
import { DateTime } from 'luxon'
import { z } from 'zod'

export const ObjectIdParam = z.string().regex(/^[a-f0-9]{24}$/, 'expected an id of 24 hexadecimal characters')
export const IdParams = z.object({ id: ObjectIdParam })

/** A date from a form or query string: an empty field means "not given". */
export const OptionalDate = z.preprocess(
  (v) => (v === '' || v === undefined ? undefined : v),
  z.coerce.date({ message: 'expected a date such as 2026-11-23' }).optional(),
)

export const OptionalText = (max: number) =>
  z.preprocess((v) => (v === '' ? undefined : v), z.string().trim().max(max).optional())

export const ErrorResponse = z.object({
  error: z.object({
    statusCode: z.number(),
    code: z.string(),
    message: z.string(),
    requestId: z.string(),
    details: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    params: z.record(z.string(), z.unknown()).optional(),
  }),
})

export const errorResponses = {
  400: ErrorResponse,
  401: ErrorResponse,
  403: ErrorResponse,
  404: ErrorResponse,
}

/** Offsets that exist on Earth: -12:00 … +14:00. */
const OFFSET = '(?:Z|[+-](?:0\\d|1[0-4]):?[0-5]\\d)'
const WALL_CLOCK = new RegExp(
  `^(\\d{4})-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}(?::\\d{2}(?:\\.\\d{1,3})?)?(${OFFSET})?$`,
  'i',
)

/**
 * "2026-12-01T10:00" in the page's time zone, or an ISO 8601 time with a real offset
 * ("2026-12-01T09:00:00Z", "+01:00"), in this century: 1970, year 275760 or "+25:00" are typing
 * accidents, not plans, and are refused with a message instead of reaching the database.
 */
export const WallClockTime = z
  .string()
  .trim()
  .superRefine((v, ctx) => {
    const match = WALL_CLOCK.exec(v)
    const year = Number(match?.[1])
    if (!match || !DateTime.fromISO(v.replace(' ', 'T'), { setZone: true }).isValid)
      ctx.addIssue({ code: 'custom', message: 'expected a date and time such as 2026-12-01T10:00' })
    else if (year < 2000 || year > 2099)
      ctx.addIssue({ code: 'custom', message: 'expected a date between the years 2000 and 2099' })
  })
  .transform((v) => v.replace(' ', 'T'))
