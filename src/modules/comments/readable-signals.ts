// What a moderator is shown of why a comment was judged so: only whole words, phrases and emoji
// that are in the comment, that point the way of the verdict, and that do not begin or end with a
// function word. The classifier's own features ("ago and", "wat") stay in the JSON API.
import type { Comment } from './comment-repository.js'

/** Function words of Dutch and English (written for Fanfare): a signal starting or ending with one says nothing. */
const FUNCTION_WORDS = new Set(
  [
    // nl
    'de het een en of maar want dus dat die dit deze wat wie waar hoe ik je jij u we wij ze zij hij',
    'mijn jouw uw ons onze hun haar zijn is was ben bent wordt werd heb hebt heeft had hadden',
    'te van voor naar met op in aan bij om uit over tot door als dan er nog al ook wel zo toch',
    'na nu hier daar',
    // en
    'the a an and or but so that this these those what who where how i you we they he she it',
    'my your our their his her its is are was were be been am has have had do does did to of for',
    'with on in at by from about as than then there here also just very ago',
  ]
    .join(' ')
    .split(' '),
)

const WORD = /^[\p{L}\p{M}\p{N}'’-]+$/u
const PICTOGRAPH = /\p{Extended_Pictographic}/u

function appearsIn(message: string, phrase: string): boolean {
  const escaped = phrase.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  return new RegExp(`(^|[^\\p{L}\\p{N}])${escaped}($|[^\\p{L}\\p{N}])`, 'iu').test(message)
}

function isReadable(text: string, kind: string, message: string): boolean {
  if (kind === 'emoji') return PICTOGRAPH.test(text) || message.includes(text)
  if (kind === 'pattern' || kind === 'sarcasm') return text.trim().length > 1
  const words = text.trim().split(/\s+/)
  if (!words.every((w) => WORD.test(w))) return false
  if (words.every((w) => /^\p{N}+$/u.test(w))) return false
  const first = (words[0] ?? '').toLowerCase()
  const last = (words.at(-1) ?? '').toLowerCase()
  if (FUNCTION_WORDS.has(first) || FUNCTION_WORDS.has(last)) return false
  if (text.length < 3) return false
  return appearsIn(message, text)
}

/** The signals worth showing, in the classifier's order (strongest first), at most `limit`. */
export function readableSignals(
  c: Pick<Comment, 'message' | 'sentiment' | 'complaint' | 'signals'>,
  limit = 6,
): Array<{ text: string; kind: string; weight: number }> {
  const negative = c.complaint || c.sentiment === 'negative'
  const positive = !negative && c.sentiment === 'positive'
  const message = c.message ?? ''
  return (c.signals ?? [])
    .map((s) => ({ text: String(s.text), kind: String(s.kind), weight: Number(s.weight) }))
    .filter((s) => (negative ? s.weight < 0 : positive ? s.weight > 0 : true))
    .filter((s) => isReadable(s.text, s.kind, message))
    .slice(0, limit)
}
