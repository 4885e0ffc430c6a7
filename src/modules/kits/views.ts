// View models of the kit pages: the marketer's kit with every person's figures, and the
// ambassador's kit page (their text, disclosure, own link, share button state and own figures).
import type { FastifyInstance } from 'fastify'
import type { Locale } from '../../i18n/index.js'
import type { Member } from '../team/service.js'
import { disclosureIn, presentFigures, shareReasonText, textIn } from './present.js'
import type { Kit } from './repository.js'
import type { Kits } from './service.js'

/** A kit as the marketer reads it: texts, link, image and figures per person. */
export async function kitView(kits: Kits, kit: Kit, locale: Locale, shop = '') {
  const figures = presentFigures(await kits.figures(kit.id), locale)
  return {
    id: kit.id,
    kitTitle: kit.title,
    archived: kit.status === 'archived',
    textNl: kit.textNl,
    textEn: kit.textEn,
    link: kit.link,
    imageUrl: kit.imageUrl,
    hashtag: kit.disclosureHashtag,
    disclosureNl: disclosureIn(kit, 'nl', shop),
    disclosureEn: disclosureIn(kit, 'en', shop),
    sharesPerDay: kit.sharesPerDay,
    figures,
  }
}

/** The ambassador's page of one kit. */
export async function shareView(app: FastifyInstance, kit: Kit, person: Member, locale: Locale) {
  const page = await app.pages.find(kit.pageId)
  const [link, state, figures] = await Promise.all([
    app.kits.linkFor(kit, person.id),
    app.kits.shareState(kit, person.id),
    app.kits.figures(kit.id, person.id),
  ])
  const { text, lang } = textIn(kit, locale)
  const disclosure = disclosureIn(kit, lang, page.name)
  return {
    title: 'nav.kits',
    id: kit.id,
    kitTitle: kit.title,
    text,
    textLang: lang,
    disclosure,
    hashtag: kit.disclosureHashtag,
    // What the copy button puts on the clipboard: the text with the disclosure under it.
    copyText: `${text}\n\n${disclosure}`,
    imageUrl: kit.imageUrl,
    shortUrl: app.links.tracking.shortUrl(link),
    share: { ...state, reasonText: shareReasonText(state, locale) },
    figures: presentFigures(figures, locale),
  }
}
