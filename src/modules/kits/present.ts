// Kits as the API and the pages show them: the disclosure filled in with the shop's name, the text
// in the person's language (the other one when theirs is empty), figures as words and euros.
import { type Locale, translate } from '../../i18n/index.js'
import { formatFigure } from '../goals/present.js'
import type { KitFigures, Numbers } from './figures.js'
import type { Kit } from './repository.js'
import type { ShareState } from './service.js'

/** The disclosure sentence in a language: the kit's own, else "Ik werk bij {shop}". */
export const disclosureIn = (kit: Kit, locale: Locale, shop: string) =>
  (locale === 'nl' ? kit.disclosureNl : kit.disclosureEn) ||
  translate(locale, 'kits.disclosureDefault', { shop })

/** The text for a reader of `locale`, and the language it is really in. */
export function textIn(kit: Kit, locale: Locale): { text: string; lang: Locale } {
  const own = locale === 'nl' ? kit.textNl : kit.textEn
  if (own) return { text: own, lang: locale }
  return locale === 'nl' ? { text: kit.textEn, lang: 'en' } : { text: kit.textNl, lang: 'nl' }
}

export const presentKit = (kit: Kit, shop: string) => ({
  id: kit.id,
  pageId: kit.pageId,
  title: kit.title,
  status: kit.status,
  textNl: kit.textNl ?? '',
  textEn: kit.textEn ?? '',
  link: kit.link,
  imageUrl: kit.imageUrl ?? null,
  disclosureHashtag: kit.disclosureHashtag ?? '',
  disclosureNl: disclosureIn(kit, 'nl', shop),
  disclosureEn: disclosureIn(kit, 'en', shop),
  sharesPerDay: kit.sharesPerDay,
  createdAt: kit.createdAt.toISOString(),
  updatedAt: kit.updatedAt.toISOString(),
})

/** The fields of the edit form, as stored (empty disclosures stay empty: the default applies). */
export const kitFormValues = (kit: Kit) => ({
  title: kit.title,
  textNl: kit.textNl,
  textEn: kit.textEn,
  link: kit.link,
  imageUrl: kit.imageUrl ?? '',
  disclosureHashtag: kit.disclosureHashtag,
  disclosureNl: kit.disclosureNl,
  disclosureEn: kit.disclosureEn,
  sharesPerDay: kit.sharesPerDay,
})

export const numbersText = (n: Numbers, locale: Locale) => ({
  ...n,
  revenueText: formatFigure('cents', n.revenueCents, locale),
})

export const presentFigures = (f: KitFigures, locale: Locale) => ({
  ...numbersText(f, locale),
  people: f.people.map((p) => ({ ...numbersText(p, locale), name: p.name, personId: p.personId })),
})

/** Why the share button is off, in the person's language; null when it is on. */
export function shareReasonText(state: ShareState, locale: Locale): string | null {
  if (!state.reason) return null
  return translate(locale, `errors.${state.reason}`, {
    cap: state.sharesPerDay,
    count: state.sharesPerDay,
    start: state.quietHours?.start ?? '',
    end: state.quietHours?.end ?? '',
  })
}

export const presentShareState = (s: ShareState) => ({
  allowed: s.allowed,
  reason: s.reason,
  sharesToday: s.sharesToday,
  sharesPerDay: s.sharesPerDay,
})
