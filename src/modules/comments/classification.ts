// Per page: the barometer word list (the page's edits over the defaults) and its compiled classifier.
import type { Models } from '../../models.js'
import {
  type BarometerWord,
  type Classification,
  type Classifier,
  createClassifier,
  DEFAULT_BAROMETER_WORDS,
} from './classifier/index.js'
import { normaliseText } from './classifier/tokenise.js'
import type { CommentSettingsDoc } from './model.js'

export type PageClassifier = { version: number; words: readonly BarometerWord[]; classifier: Classifier }

const WORD = /[\p{L}\p{N}]+(?:'[\p{L}]+)*/gu

/** The list terms (with a non-zero weight) that occur in a message, each once. */
export function listedTermsIn(message: string, words: readonly BarometerWord[]): string[] {
  const text = ` ${(normaliseText(message).match(WORD) ?? []).join(' ')} `
  const found = new Set<string>()
  for (const { term, weight } of words) {
    if (!weight) continue
    const key = (normaliseText(term).match(WORD) ?? []).join(' ')
    if (key && text.includes(` ${key} `)) found.add(key)
  }
  return [...found]
}

/** 0 for complaints, 1 for other negative comments, 2 for the rest: the inbox sorts on it. */
export function priorityOf(c: Pick<Classification, 'complaint' | 'sentiment'>): number {
  if (c.complaint) return 0
  return c.sentiment === 'negative' ? 1 : 2
}

export function createPageClassifiers(models: Models) {
  const compiled = new Map<string, PageClassifier>()

  async function settingsOf(facebookPageId: string) {
    return models.commentSettings.findOne({ facebookPageId }).lean<CommentSettingsDoc>()
  }

  return {
    settingsOf,

    /** The page's list: its own when edited, else the defaults. */
    async wordsOf(facebookPageId: string): Promise<{ version: number; words: readonly BarometerWord[] }> {
      const settings = await settingsOf(facebookPageId)
      if (!settings?.words) return { version: 0, words: DEFAULT_BAROMETER_WORDS }
      return {
        version: settings.wordListVersion,
        words: settings.words.map((w) => ({ term: String(w.term), weight: Number(w.weight) })),
      }
    },

    /** The classifier for the page's current list, compiled once per list version. */
    async forPage(facebookPageId: string): Promise<PageClassifier> {
      const { version, words } = await this.wordsOf(facebookPageId)
      const key = `${facebookPageId}:${version}`
      let entry = compiled.get(key)
      if (!entry) {
        // The shop's list replaces the defaults; createClassifier lets later entries win.
        entry = { version, words, classifier: createClassifier({ words: [...words] }) }
        if (compiled.size > 500) compiled.clear()
        compiled.set(key, entry)
      }
      return entry
    },
  }
}

export type PageClassifiers = ReturnType<typeof createPageClassifiers>
