import { describe, expect, it } from 'vitest'
import type { Campaign } from '../../src/modules/campaigns/campaign-repository.js'
import { localised } from '../../src/modules/campaigns/present.js'

const campaign = {
  title: { nl: 'Win een jas', en: 'Win a coat' },
  description: { nl: 'Doe mee', en: '' },
  rules: { nl: 'Spelregels in het Nederlands', en: 'Rules in English' },
  prizes: { nl: '', en: 'Three coats' },
  entryInstructions: { nl: '', en: '' },
  poll: { options: [{ label: { nl: 'Rood', en: 'Red' } }, { label: { nl: 'Blauw', en: '' } }] },
  questions: [{ text: { nl: 'Welke kleur?', en: 'Which colour?' }, options: [{ nl: 'Rood', en: '' }] }],
} as unknown as Campaign

describe('a campaign in one language', () => {
  it('gives every fan-facing text in English, falling back to Dutch and saying so', () => {
    const en = localised(campaign, 'en')
    expect(en).toMatchObject({
      title: 'Win a coat',
      description: 'Doe mee',
      rules: 'Rules in English',
      prizes: 'Three coats',
      entryInstructions: '',
      pollOptions: ['Red', 'Blauw'],
      questions: [{ text: 'Which colour?', options: ['Rood'] }],
    })
    expect(en.fallbacks).toEqual({ description: 'nl', 'pollOptions.1': 'nl', 'questions.0.options.0': 'nl' })
  })

  it('gives the Dutch texts to a Dutch reader, the English prize where Dutch is empty', () => {
    const nl = localised(campaign, 'nl')
    expect(nl.rules).toBe('Spelregels in het Nederlands')
    expect(nl.prizes).toBe('Three coats')
    expect(nl.fallbacks).toEqual({ prizes: 'en' })
  })

  it('reads a campaign stored before its rules were bilingual as Dutch', () => {
    const old = { ...campaign, rules: 'Oude spelregels' } as unknown as Campaign
    expect(localised(old, 'en')).toMatchObject({ rules: 'Oude spelregels', fallbacks: { rules: 'nl' } })
  })
})
