// Phrases that carry more than their words: webshop complaints, sarcasm, praise for a delivery.
import type { ComplaintCategory } from './types.js'

export interface PhrasePattern {
  /** Matched against the normalised tokens joined by single spaces. */
  re: RegExp
  /** On the barometer scale (-5..+5). */
  weight: number
  kind: 'pattern' | 'sarcasm'
  /** Set when the phrase by itself makes the comment a complaint. */
  complaint?: ComplaintCategory
}

const p = (re: RegExp, weight: number, complaint?: ComplaintCategory): PhrasePattern =>
  complaint ? { re, weight, kind: 'pattern', complaint } : { re, weight, kind: 'pattern' }
const sarcasm = (re: RegExp, weight = -3): PhrasePattern => ({ re, weight, kind: 'sarcasm' })

const ARRIVAL = '(?:geleverd|ontvangen|binnen|bezorgd|aangekomen|verzonden|pakket|bestelling)'
const ARRIVED = '(?:arrived|received|delivered|shipped|here)'
const ANY = '(?:[^ ]+ )'

export const PHRASE_PATTERNS: readonly PhrasePattern[] = [
  // delivery
  p(
    new RegExp(`\\bnog (?:steeds |altijd )?(?:niet|niks|niets|geen) ${ANY}{0,3}${ARRIVAL}\\b`),
    -3,
    'delivery',
  ),
  p(/\bwaar blijft\b/, -2, 'delivery'),
  p(
    new RegExp(`\\b(?:nooit|niet|niks|niets) ${ANY}{0,2}(?:geleverd|ontvangen|bezorgd|aangekomen)\\b`),
    -3,
    'delivery',
  ),
  p(/\b(?:ik )?wacht (?:nu )?al\b/, -2, 'other'),
  p(/\bstill (?:not|no|nothing|waiting|hasn't|haven't|has not|have not)\b/, -2, 'other'),
  p(/\bwhere is my (?:order|package|parcel|delivery|stuff)\b/, -3, 'delivery'),
  p(
    new RegExp(
      `\\b(?:never|not|hasn't|has not|haven't|have not|didn't|did not|wasn't) ${ANY}{0,2}${ARRIVED}\\b`,
    ),
    -3,
    'delivery',
  ),
  // damaged
  p(
    /\b(?:kapot|stuk|beschadigd|gebroken|defect) (?:aangekomen|aangeleverd|geleverd|ontvangen|binnengekomen|bezorgd)\b/,
    -4,
    'damaged',
  ),
  p(/\b(?:werkt|doet het|functioneert) (?:[^ ]+ ){0,3}niet\b/, -3, 'damaged'),
  p(
    /\b(?:arrived|came|delivered|received it) (?:[^ ]+ )?(?:broken|damaged|cracked|smashed|defective)\b/,
    -4,
    'damaged',
  ),
  p(/\b(?:doesn't|does not|don't|do not|didn't|won't|not|stopped|never) work(?:ing|s|ed)?\b/, -3, 'damaged'),
  // refund
  p(/\bgeld terug\b/, -3, 'refund'),
  p(/\b(?:geen|niet) (?:[^ ]+ ){0,2}(?:terugbetaald|terugbetaling|teruggestort|restitutie)\b/, -3, 'refund'),
  p(/\bmoney back\b/, -3, 'refund'),
  p(/\b(?:want|need|demand|waiting for|still no) (?:a |my |the )?refund\b/, -3, 'refund'),
  // customer service
  p(/\bgeen (?:reactie|antwoord|respons|reply)\b/, -3, 'customer_service'),
  p(/\b(?:reageert|reageren|antwoorden|antwoordt|beantwoordt) (?:[^ ]+ ){0,2}niet\b/, -3, 'customer_service'),
  p(/\bniet (?:geholpen|gereageerd|beantwoord|teruggebeld)\b/, -3, 'customer_service'),
  p(/\bniemand (?:neemt|reageert|helpt|antwoordt)\b/, -3, 'customer_service'),
  p(/\bno (?:reply|replies|response|answer|callback)\b/, -3, 'customer_service'),
  p(
    /\b(?:nobody|no one|noone) (?:[^ ]+ ){0,2}(?:replies|responds|answers|helps|help|reply|respond)\b/,
    -3,
    'customer_service',
  ),
  p(/\bnot (?:[^ ]+ )?(?:replied|responded|answered|helped)\b/, -3, 'customer_service'),
  // price and payment
  p(/\b(?:dubbel|twee keer|2x|2 keer) (?:[^ ]+ )?(?:betaald|afgeschreven)\b/, -3, 'price_payment'),
  p(/\b(?:te ?veel) (?:betaald|gerekend|afgeschreven)\b/, -3, 'price_payment'),
  p(/\b(?:charged (?:me )?(?:twice|double)|overcharged|double charged)\b/, -3, 'price_payment'),
  // other complaints
  p(/\bnooit meer\b/, 0, 'other'),
  p(/\bnever (?:again|ordering|buying|order|buy)\b/, 0, 'other'),
  // praise for a delivery
  p(
    /\b(?:snel|vlot|netjes|keurig|op tijd|supersnel|razendsnel) (?:[^ ]+ )?(?:geleverd|bezorgd|ontvangen|verzonden|binnen)\b/,
    2,
  ),
  p(/\b(?:fast|quick|speedy|prompt) (?:delivery|shipping|service)\b/, 2),
  p(/\b(?:arrived|delivered|shipped) (?:[^ ]+ )?(?:fast|quickly|on time|early|promptly)\b/, 2),
  p(/\baan te raden\b/, 3),
  p(/\b(?:kan niet wachten|can't wait|cannot wait)\b/, 2),
  // sarcasm: praise words that mean the opposite
  sarcasm(/\blekker (?:dan|hoor)\b/),
  sarcasm(/\bnou lekker\b/),
  sarcasm(
    /\b(?:bedankt|dank je|dankjewel|dankje|thanks|thank you|thx) (?:wel )?(?:voor|for) (?:niks|niets|nothing)\b/,
  ),
  sarcasm(/\byeah right\b/),
  sarcasm(/\bniet dus\b/),
  sarcasm(/\b(?:oh|just) (?:great|perfect|wonderful|fantastic)\b/),
  // "great, another week without my order", "perfect, still nothing"
  sarcasm(
    /^(?:oh )?(?:great|perfect|brilliant|fantastic|wonderful|awesome|lovely|nice|super|geweldig|fijn|top|prima|mooi) [,!.]+ (?:another|again|still|no|not|nothing|now|alweer|weer|nog steeds|nog altijd|geen|niks|niets)\b/,
  ),
  sarcasm(/🙄/u, -2),
]
