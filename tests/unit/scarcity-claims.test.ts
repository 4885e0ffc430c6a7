import { describe, expect, it } from 'vitest'
import { fillStock, findScarcityClaims, unsupportedClaims } from '../../src/modules/shop/scarcity-claims.js'

describe('findScarcityClaims', () => {
  const table: [string, { kind: string; count?: number; phrase: string }[]][] = [
    ['Nog maar 3 regenjassen, bestel snel!', [{ kind: 'count', count: 3, phrase: 'Nog maar 3' }]],
    ['nog slechts twee stuks', [{ kind: 'count', count: 2, phrase: 'nog slechts twee stuks' }]],
    [
      'Er zijn nog 4 exemplaren op voorraad.',
      [{ kind: 'count', count: 4, phrase: 'nog 4 exemplaren op voorraad' }],
    ],
    ['Maar 5 beschikbaar!', [{ kind: 'count', count: 5, phrase: 'Maar 5 beschikbaar' }]],
    ['De laatste 3 stuks gaan de deur uit', [{ kind: 'count', count: 3, phrase: 'laatste 3 stuks' }]],
    ['Only 2 left!', [{ kind: 'count', count: 2, phrase: 'Only 2 left' }]],
    ['just three pieces left in the shop', [{ kind: 'count', count: 3, phrase: 'just three pieces left' }]],
    ['Hurry, 7 left in stock', [{ kind: 'count', count: 7, phrase: '7 left in stock' }]],
    ['Bijna uitverkocht!', [{ kind: 'low_stock', phrase: 'Bijna uitverkocht' }]],
    [
      'Beperkte voorraad, laatste stuks',
      [
        { kind: 'low_stock', phrase: 'Beperkte voorraad' },
        { kind: 'low_stock', phrase: 'laatste stuks' },
      ],
    ],
    [
      'Almost sold out — limited stock',
      [
        { kind: 'low_stock', phrase: 'Almost sold out' },
        { kind: 'low_stock', phrase: 'limited stock' },
      ],
    ],
    ['Laatste kans: 20% korting', [{ kind: 'deadline', phrase: 'Laatste kans' }]],
    ['Nog maar 2 dagen geldig', [{ kind: 'deadline', phrase: 'Nog maar 2 dagen geldig' }]],
    ['Alleen vandaag gratis verzending', [{ kind: 'deadline', phrase: 'Alleen vandaag' }]],
    [
      'Last chance! Today only.',
      [
        { kind: 'deadline', phrase: 'Last chance' },
        { kind: 'deadline', phrase: 'Today only' },
      ],
    ],
    ['The sale ends tonight', [{ kind: 'deadline', phrase: 'ends tonight' }]],
    ['Only 3 hours left to order', [{ kind: 'deadline', phrase: 'Only 3 hours left' }]],
    ['Nog maar {voorraad} op voorraad', []],
    ['Nieuwe regenjassen binnen, in 3 kleuren', []],
    ['We hebben 3 nieuwe jassen', []],
    ['Maar liefst 10% korting', []],
    ['The only jacket you need', []],
  ]
  it.each(table)('%s', (text, expected) => {
    expect(findScarcityClaims(text)).toEqual(expected.map((e) => expect.objectContaining(e)))
  })
})

describe('unsupportedClaims', () => {
  const at = new Date('2026-12-10T10:00:00Z')
  const claims = (text: string) => findScarcityClaims(text)

  it('refuses "nog maar 3" while 10 are in stock and allows it at 3', () => {
    expect(unsupportedClaims(claims('Nog maar 3!'), { stock: 10, endsAt: null, at })).toEqual([
      expect.objectContaining({ reason: 'stock_higher' }),
    ])
    expect(unsupportedClaims(claims('Nog maar 3!'), { stock: 3, endsAt: null, at })).toEqual([])
  })

  it('refuses a count claim without a linked product', () => {
    expect(unsupportedClaims(claims('Only 2 left'), { stock: null, endsAt: null, at })[0]?.reason).toBe(
      'no_product',
    )
  })

  it('allows "bijna uitverkocht" at 5 left and refuses it at 6', () => {
    expect(unsupportedClaims(claims('Bijna uitverkocht'), { stock: 5, endsAt: null, at })).toEqual([])
    expect(unsupportedClaims(claims('Bijna uitverkocht'), { stock: 6, endsAt: null, at })).toHaveLength(1)
  })

  it('needs a real end date after publishing for "laatste kans"', () => {
    expect(unsupportedClaims(claims('Laatste kans'), { stock: null, endsAt: null, at })[0]?.reason).toBe(
      'no_end_date',
    )
    expect(
      unsupportedClaims(claims('Laatste kans'), {
        stock: null,
        endsAt: new Date('2026-12-10T09:00:00Z'),
        at,
      })[0]?.reason,
    ).toBe('ended')
    expect(
      unsupportedClaims(claims('Laatste kans'), {
        stock: null,
        endsAt: new Date('2026-12-11T00:00:00Z'),
        at,
      }),
    ).toEqual([])
  })

  it('fills {voorraad} with the stock', () => {
    expect(fillStock('Nog {voorraad} over, {stock} left', 3)).toBe('Nog 3 over, 3 left')
  })
})
