import { describe, expect, it } from 'vitest'
import { checkDutchCode, DUTCH_CODE_LIMITS } from '../../src/modules/campaigns/dutch-code.js'
import { assertMetaRules, findRuleBreach } from '../../src/modules/campaigns/rules.js'

describe("Meta's promotion rules", () => {
  it.each([
    ['Like our page and win a coat', 'likeGating'],
    ['Vind onze pagina leuk en maak kans!', 'likeGating'],
    ['Volg ons om mee te doen', 'likeGating'],
    ['Share this post to win', 'shareToEnter'],
    ['Deel dit bericht en maak kans', 'shareToEnter'],
    ['Post it on your timeline for an extra chance', 'shareToEnter'],
    ['Tag 3 friends below', 'tagToEnter'],
    ['Tag een vriendin die dit ook wil', 'tagToEnter'],
  ])('finds "%s" as %s', (text, rule) => {
    expect(findRuleBreach({ rules: text })?.rule).toBe(rule)
  })

  it.each([
    'Comment below with your favourite colour to enter.',
    'Reageer onder dit bericht en maak kans.',
    'Like this post and leave a comment.',
    'Timeline: the contest runs from 1 to 8 March.',
    'Deel je mening in de reacties.',
    'Tijdlijn van de actie: 1 tot 8 maart.',
  ])('lets "%s" through', (text) => {
    expect(findRuleBreach({ rules: text })).toBeNull()
  })

  it('refuses the forbidden entry methods with the rule they break', () => {
    expect(() => assertMetaRules('share', {})).toThrow('campaigns.metaRule.shareToEnter')
    expect(() => assertMetaRules('like_page', {})).toThrow('campaigns.metaRule.likeGating')
    expect(() => assertMetaRules('comment', { rules: 'Reageer en win.' })).not.toThrow()
  })
})

describe('Dutch code of conduct for promotional games', () => {
  const fine = {
    prizeValueEuro: 300,
    winnerCount: 3,
    entryCostEuro: 0,
    minAge: 18,
    rules: 'Klachten kun je indienen via klantenservice@example.nl.',
    otherGamesThisYear: [],
  }

  it('has nothing to say about a small, free, adult game with a complaints procedure', () => {
    expect(checkDutchCode(fine)).toEqual([])
  })

  it('names the article of every limit crossed', () => {
    const codes = checkDutchCode({
      prizeValueEuro: 150_000,
      winnerCount: 1,
      entryCostEuro: 1,
      minAge: 12,
      rules: 'Meedoen kan tot vrijdag.',
      otherGamesThisYear: [
        { prizeValueEuro: 10_000 },
        ...Array.from({ length: 20 }, () => ({ prizeValueEuro: 10 })),
      ],
    })
    expect(codes.map((w) => [w.code, w.params.article])).toEqual([
      ['campaigns.dutch.maxPrizeValue', 'art. 4'],
      ['campaigns.dutch.largeGamePerYear', 'art. 2'],
      ['campaigns.dutch.maxDraws', 'art. 2'],
      ['campaigns.dutch.free', 'art. 3'],
      ['campaigns.dutch.minors', 'art. 6'],
      ['campaigns.dutch.complaints', 'art. 9'],
      ['campaigns.dutch.gamblingTax', 'Wet op de kansspelbelasting'],
    ])
  })

  it('takes its figures from the one table', () => {
    const justOver = checkDutchCode({
      ...fine,
      prizeValueEuro: DUTCH_CODE_LIMITS.maxTotalPrizeValueEuro.value + 1,
      winnerCount: 1000,
    })
    expect(justOver.map((w) => w.code)).toEqual(['campaigns.dutch.maxPrizeValue'])
  })
})
