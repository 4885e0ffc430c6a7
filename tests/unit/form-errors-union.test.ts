// A union's problem is named by the option the input was meant for, not as "choose one of the options".
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { fieldErrors, issuesOf } from '../../src/form-errors.js'

const Body = z.object({
  words: z.union([z.string().regex(/^\w+ \d$/, 'invalid.clock'), z.array(z.number())]),
})
const errorsOf = (input: unknown) => {
  const parsed = Body.safeParse(input)
  if (parsed.success) throw new Error('expected a refusal')
  return fieldErrors(issuesOf(parsed.error), 'nl')
}

describe('union problems', () => {
  it('names the problem of the only option the input has the type of', () => {
    expect(errorsOf({ words: 'geen goede regel' })).toEqual({ words: 'Vul een tijd in, zoals 22:00.' })
    expect(errorsOf({ words: ['x'] }).words).toBe('Deze waarde klopt niet.')
  })

  it('says "choose one of the options" when the input has the type of none', () => {
    expect(errorsOf({ words: 5 })).toEqual({ words: 'Kies een van de opties.' })
  })
})
