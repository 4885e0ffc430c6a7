// Cues that a comment holds the shop to an expectation it broke: waiting, chasing, asking, "you".

/** One cue: a person recognises the matched words as the reason. */
export interface ComplaintCue {
  name: 'waiting' | 'chasing' | 'question' | 'ordered' | 'addressed' | 'went-wrong' | 'again'
  re: RegExp
}

const NUMBER =
  '(?:\\d+|een|twee|drie|vier|vijf|zes|zeven|acht|tien|a|an|one|two|three|four|five|six|seven|eight|ten|several|a few|paar)'
const SPAN =
  '(?:minuten|uur|uren|dagen|dag|weken|week|maanden|maand|minutes|hours|hour|days|day|weeks|week|months|month)'

/** Matched against the normalised tokens joined by single spaces (as the phrase patterns are). */
export const COMPLAINT_CUES: readonly ComplaintCue[] = [
  // "al 3 weken", "sinds maandag", "for two weeks", "3 weeks ago", "nog steeds", "still", "for hours", "on hold"
  {
    name: 'waiting',
    re: new RegExp(
      `\\b(?:(?:al|sinds|nu|already|for|over) ${NUMBER} ${SPAN}|${NUMBER} ${SPAN} (?:geleden|ago|later|te laat|late|wachten|waiting)|nog steeds|nog altijd|nog niet|nog niks|nog niets|still|yet to|since (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|last)|sinds (?:maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag|vorige)|for (?:hours|days|weeks|months|ages)|been waiting|on hold|urenlang|dagenlang|wekenlang|maandenlang|al (?:dagen|weken|maanden))\\b`,
    ),
  },
  // "waar blijft", "wanneer krijg ik", "where is my", "when will i", "hoe lang nog"
  {
    name: 'chasing',
    re: /\b(?:waar blijft|waar is (?:mijn|m'n)|wanneer (?:krijg|ontvang|komt|word|wordt)|hoe lang (?:nog|moet|duurt)|waarom (?:is|krijg|duurt|heb|word|wordt)|wie kan (?:mij|me)|where is (?:my|the)|where's my|when (?:will|do|can) i|how long (?:do|does|will|until)|why (?:is|was|did|does|do|hasn't|haven't|can't|won't)|can (?:someone|anyone|you) (?:help|tell|explain)|any update|is er iemand|is anyone)\b/,
  },
  // a question to the shop: a question mark together with "jullie"/"you" or an order word
  {
    name: 'question',
    re: /\b(?:jullie|u|your|you|order|bestelling|pakket|pakketje|package|parcel|refund|terugbetaling|retour|levering|delivery)\b(?=[^?]*\?)/,
  },
  // what the customer already did: ordered, paid, returned, mailed, called
  {
    name: 'ordered',
    re: /\b(?:besteld|betaald|teruggestuurd|geretourneerd|gemaild|gebeld|gestuurd|afgeschreven|ordered|paid|returned|emailed|e-mailed|called|contacted|sent (?:it|them|back|an email)|charged)\b/,
  },
  // what went wrong with the order: wrong, missing, lost, late, cancelled — "verkeerde maat", "pakket kwijt"
  {
    name: 'went-wrong',
    re: /\b(?:wrong (?:item|size|order|product|colou?r|address|one)|(?:item|items|order|package|parcel|part|piece)s? (?:is |are |was |were )?(?:missing|lost|late|delayed)|(?:missing|lost|delayed|late) (?:item|order|package|parcel|delivery|refund)|cancell?ed my|verkeerde? (?:maat|artikel|product|bestelling|kleur|adres|pakket)|(?:ontbreekt|ontbreken|kwijt|zoek|vertraagd|te laat|geannuleerd|niet compleet|incompleet)\b)/,
  },
  // it happened before: "again", "alweer", "weer eens", "for the third time"
  {
    name: 'again',
    re: /\b(?:again|yet again|once again|alweer|weer eens|wederom|opnieuw|(?:second|third|fourth|2nd|3rd|4th) time|(?:tweede|derde|vierde) keer)\b/,
  },
  // addressed to the shop in the second person
  { name: 'addressed', re: /\b(?:jullie|julie|your|you|you're|u)\b/ },
]
