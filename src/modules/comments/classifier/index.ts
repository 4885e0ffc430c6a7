// The comment classifier's public API: offline Dutch/English sentiment, complaints and their reasons.
export { type Classifier, classifyComment, createClassifier } from './classify.js'
export {
  type CorrectionLayer,
  learnCorrections,
  type VerdictCorrection,
  withCorrections,
} from './corrections.js'
export { DEFAULT_BAROMETER_WORDS, EMOJI_WEIGHTS } from './lexicon.js'
export type {
  BarometerWord,
  Classification,
  ClassifierOptions,
  ComplaintCategory,
  Language,
  Sentiment,
  Signal,
  SignalKind,
} from './types.js'
