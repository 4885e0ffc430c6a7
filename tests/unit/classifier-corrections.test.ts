import { describe, expect, it } from 'vitest'
import {
  createClassifier,
  learnCorrections,
  type VerdictCorrection,
  withCorrections,
} from '../../src/modules/comments/classifier/index.js'

const base = createClassifier()
const ASKED = 'Kunnen jullie even naar mijn sneakers kijken'

function corrected(message: string, to: VerdictCorrection['corrected']): VerdictCorrection {
  const { sentiment, complaint } = base.classify(message)
  return { message, predicted: { sentiment, complaint }, corrected: to }
}

describe("a page's correction layer", () => {
  it('a correction changes the next verdict on that page, and only there', () => {
    expect(base.classify(ASKED).complaint).toBe(false)
    const pageA = withCorrections(
      base,
      learnCorrections([corrected(ASKED, { sentiment: 'negative', complaint: true })]),
    )
    const pageB = withCorrections(base, learnCorrections([]))
    const next = pageA.classify('Kunnen jullie even naar mijn sneakers kijken?')
    expect(next).toMatchObject({ complaint: true, sentiment: 'negative' })
    expect(next.category).not.toBeNull()
    expect(next.signals[0]).toMatchObject({ kind: 'correction', text: 'kunnen even sneakers kijken' })
    expect(pageB.classify('Kunnen jullie even naar mijn sneakers kijken?').complaint).toBe(false)
    // A comment with nothing in common keeps the classifier's verdict.
    expect(pageA.classify('Mooie sneakers!')).toEqual(base.classify('Mooie sneakers!'))
  })

  it('generalises from the words moderators keep correcting, as whole words', () => {
    const layer = learnCorrections([
      corrected('Waar zijn mijn sneakers gebleven', { sentiment: 'negative', complaint: true }),
      corrected('Sneakers nog altijd onderweg zeker', { sentiment: 'negative', complaint: true }),
      corrected('Mijn sneakers zijn zoek', { sentiment: 'negative', complaint: true }),
    ])
    const page = withCorrections(base, layer)
    const text = 'Hebben jullie mijn sneakers al gezien'
    expect(base.classify(text).complaint).toBe(false)
    const verdict = page.classify(text)
    expect(verdict.complaint).toBe(true)
    expect(verdict.signals).toEqual(
      expect.arrayContaining([expect.objectContaining({ kind: 'correction', text: 'sneakers' })]),
    )
  })

  it('a moderator who agrees changes nothing, and an earlier mistake can be undone', () => {
    const agreed = learnCorrections([
      corrected('Mooie sneakers!', { sentiment: 'positive', complaint: false }),
    ])
    expect(withCorrections(base, agreed).classify('Mooie sneakers!!')).toEqual(
      base.classify('Mooie sneakers!!'),
    )
    const undone = learnCorrections([
      corrected(ASKED, { sentiment: 'neutral', complaint: false }),
      corrected('Mijn sneakers zijn zoek', { sentiment: 'negative', complaint: true }),
    ])
    expect(withCorrections(base, undone).classify(ASKED).complaint).toBe(false)
  })
})
