// The shapes the comment classifier takes and returns.

export type Language = 'nl' | 'en' | 'other'
export type Sentiment = 'positive' | 'neutral' | 'negative'
export type ComplaintCategory =
  | 'delivery'
  | 'damaged'
  | 'refund'
  | 'customer_service'
  | 'price_payment'
  | 'other'
export type SignalKind =
  | 'word'
  | 'emoji'
  | 'pattern'
  | 'negation'
  | 'intensifier'
  | 'sarcasm'
  | 'cue'
  | 'correction'

/** One thing that moved the verdict; weight is its signed contribution (positive pushes towards positive). */
export interface Signal {
  text: string
  kind: SignalKind
  weight: number
}

export interface Classification {
  language: Language
  sentiment: Sentiment
  /** -1 (very negative) .. 1 (very positive) */
  score: number
  complaint: boolean
  category: ComplaintCategory | null
  signals: Signal[]
}

/** A barometer word a shop can see and edit: weight runs from -5 (very negative) to +5 (very positive). */
export interface BarometerWord {
  term: string
  weight: number
  language?: 'nl' | 'en'
}

export interface ClassifierOptions {
  /** Replaces the default barometer word list (the page's edited list). */
  words?: BarometerWord[]
}
