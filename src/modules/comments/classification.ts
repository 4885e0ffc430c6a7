// Per page: the barometer word list (the page's edits over the defaults) and its compiled classifier.
import { learnCorrections, withCorrections } from './classifier/corrections.js'
import type { BarometerWord, Classification, Classifier } from './classifier/index.js'
import { DEFAULT_BAROMETER_WORDS } from './classifier/lexicon.js'
import { normaliseText } from './classifier/tokenise.js'
import type { CorrectionRepository } from './correction-repository.js'
import type { BusinessHours } from './response-time.js'
import type { SettingsRepository } from './settings-repository.js'

export type PageClassifier = {
  version: number
  words: readonly BarometerWord[]
  classifier: Classifier
  businessHours: BusinessHours
}

const WORD = /[\p{L}\p{N}]+(?:'[\p{L}]+)*/gu

/** Each list's terms (with a non-zero weight) as they are matched, normalised once per list. */
const keysOfList = new WeakMap<readonly BarometerWord[], string[]>()
function keysOf(words: readonly BarometerWord[]): string[] {
  let keys = keysOfList.get(words)
  if (!keys) {
    keys = []
    for (const { term, weight } of words) {
      if (!weight) continue
      const key = (normaliseText(term).match(WORD) ?? []).join(' ')
      if (key) keys.push(key)
    }
    keysOfList.set(words, keys)
  }
  return keys
}

/** The list terms (with a non-zero weight) that occur in a message, each once. */
export function listedTermsIn(message: string, words: readonly BarometerWord[]): string[] {
  const text = ` ${(normaliseText(message).match(WORD) ?? []).join(' ')} `
  const found = new Set<string>()
  for (const key of keysOf(words)) if (text.includes(` ${key} `)) found.add(key)
  return [...found]
}

/** 0 for complaints, 1 for other negative comments, 2 for the rest: the inbox sorts on it. */
export function priorityOf(c: Pick<Classification, 'complaint' | 'sentiment'>): number {
  if (c.complaint) return 0
  return c.sentiment === 'negative' ? 1 : 2
}

export function createPageClassifiers(
  settings: Pick<SettingsRepository, 'settingsOf'>,
  corrections: Pick<CorrectionRepository, 'versionOf' | 'learnable'>,
) {
  const compiled = new Map<string, Omit<PageClassifier, 'businessHours'>>()

  /** The page's list: its own when edited, else the defaults. */
  function wordsOf(stored: Awaited<ReturnType<SettingsRepository['settingsOf']>>) {
    if (!stored?.words) return { version: 0, words: DEFAULT_BAROMETER_WORDS }
    return { version: stored.wordListVersion, words: stored.words }
  }

  return {
    async wordsOf(facebookPageId: string): Promise<{ version: number; words: readonly BarometerWord[] }> {
      return wordsOf(await settings.settingsOf(facebookPageId))
    },

    async businessHoursOf(facebookPageId: string): Promise<BusinessHours> {
      const hours = (await settings.settingsOf(facebookPageId))?.businessHours
      return hours?.start && hours.end ? { start: hours.start, end: hours.end } : null
    },

    /**
     * The classifier for the page's current list with its moderators' corrections on top (compiled
     * once per list version and correction change, so every process sees a correction at once), and its hours.
     */
    async forPage(facebookPageId: string): Promise<PageClassifier> {
      const [stored, corrected] = await Promise.all([
        settings.settingsOf(facebookPageId),
        corrections.versionOf(facebookPageId),
      ])
      const { version, words } = wordsOf(stored)
      const key = `${facebookPageId}:${version}:${corrected}`
      let entry = compiled.get(key)
      if (!entry) {
        // Loaded when a process first classifies: its language detector's n-grams are about 36 MB
        // of heap, which a web process that never classifies (most requests) does not carry.
        const { createClassifier } = await import('./classifier/classify.js')
        // The shop's list replaces the defaults; createClassifier lets later entries win.
        const base = createClassifier({ words: [...words] })
        const layer = learnCorrections(corrected ? await corrections.learnable(facebookPageId) : [])
        entry = { version, words, classifier: withCorrections(base, layer) }
        if (compiled.size > 500) compiled.clear()
        compiled.set(key, entry)
      }
      const hours = stored?.businessHours
      return {
        ...entry,
        businessHours: hours?.start && hours.end ? { start: hours.start, end: hours.end } : null,
      }
    },
  }
}

export type PageClassifiers = ReturnType<typeof createPageClassifiers>
