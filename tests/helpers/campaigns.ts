// Test helpers for campaigns: a marketer creating one through the form, and a fan logging in
// through the fan login flow of the sandbox dialog.
import { DateTime } from 'luxon'
import { type Browser, csrfFrom } from './fanfare.js'

export type CampaignForm = Record<string, string | number | boolean | undefined>

const local = (date: DateTime) => date.setZone('Europe/Amsterdam').toFormat("yyyy-MM-dd'T'HH:mm")

/** Form fields of a valid contest that is open now (opened a minute ago, closes in a day). */
export function openContest(pageId: string, extra: CampaignForm = {}): CampaignForm {
  const now = DateTime.utc()
  return {
    pageId,
    kind: 'contest',
    titleNl: 'Win een zomerjas',
    titleEn: 'Win a summer coat',
    descriptionNl: 'Maak kans op een van onze zomerjassen.',
    opensAt: local(now.minus({ minutes: 1 })),
    closesAt: local(now.plus({ days: 1 })),
    rulesNl:
      'Organisator: Demo Webshop. Meedoen door in te loggen en op Meedoen te klikken. Winnaars worden verloot en per bericht op de hoogte gebracht. Klachten: klantenservice@demo-webshop.example.',
    prizesNl: 'Drie zomerjassen',
    prizeValueEuro: 300,
    winnerCount: 1,
    minAge: 18,
    countries: 'NL, BE',
    ...extra,
  }
}

/** Posts the campaign form; returns the response (303 to the campaign on success). */
export async function submitCampaign(browser: Browser, form: CampaignForm, language?: 'nl' | 'en') {
  const csrf = await csrfFrom(browser, '/campaigns/new')
  const body = Object.fromEntries(
    Object.entries(form)
      .filter(([, v]) => v !== undefined && v !== false)
      .map(([k, v]) => [k, String(v)]),
  )
  const request = browser.post('/campaigns').type('form')
  if (language) request.set('accept-language', language)
  return request.send({ _csrf: csrf, ...body })
}

/** Creates and publishes a campaign; returns its id and slug. */
export async function publishedCampaign(
  browser: Browser,
  form: CampaignForm,
): Promise<{ id: string; slug: string }> {
  const created = await submitCampaign(browser, form)
  if (created.status !== 303)
    throw new Error(`campaign not created: ${created.status} ${created.text.slice(0, 500)}`)
  const id = String(created.headers.location).split('/').pop() as string
  const csrf = await csrfFrom(browser, `/campaigns/${id}`)
  const published = await browser.post(`/campaigns/${id}/publish`).type('form').send({ _csrf: csrf })
  if (published.status !== 303) throw new Error(`campaign not published: ${published.status}`)
  const page = await browser.get(`/campaigns/${id}`)
  const slug = /href="\/c\/([a-z0-9-]+)"/.exec(page.text)?.[1]
  if (!slug) throw new Error('no public link on the campaign page')
  return { id, slug }
}

/** The fan login: Fanfare's fan flow redirects to the sandbox dialog, the sandbox fan approves. */
export async function fanLogin(browser: Browser, slug: string, facebookUserId: string) {
  const start = await browser.get(`/c/${slug}/login`)
  if (start.status !== 302) throw new Error(`fan login did not redirect: ${start.status}`)
  const dialog = new URL(start.headers.location as string)
  dialog.searchParams.set('sandbox_user', facebookUserId)
  dialog.searchParams.set('sandbox_decision', 'approve')
  const decided = await fetch(dialog, { redirect: 'manual' })
  const back = new URL(decided.headers.get('location') as string)
  const callback = await browser.get(back.pathname + back.search)
  return { dialog, callback }
}
