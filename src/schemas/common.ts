// Shapes shared by several modules' schemas.
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
