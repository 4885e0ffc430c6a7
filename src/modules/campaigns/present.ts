// View models of campaigns for the marketer pages, the public pages and the JSON API.
import { DateTime } from 'luxon'
import type { Locale } from '../../i18n/index.js'
import { translate } from '../../i18n/index.js'
import { daysBetween, humanDay } from '../../i18n/time.js'
import type { Campaign } from './campaign-repository.js'
import type { DutchCodeWarning } from './dutch-code.js'
import type { Entry } from './entry-repository.js'
import { fanResult, shownText } from './fan-view.js'
import { LIVE_TEXTS, withLiveTexts } from './live-texts.js'
import type { PollResults } from './poll.js'
import type { QuizService, ServedQuestion } from './quiz.js'
import type { EntryWithSignals } from './signals.js'
import { stateOf } from './state.js'

const localInput = (date: Date, zone: string) =>
  DateTime.fromJSDate(date, { zone }).toFormat("yyyy-MM-dd'T'HH:mm")

/** Formats of a zone's short name ("CET"), one per zone and language. */
const zoneNameFormats = new Map<string, Intl.DateTimeFormat>()
function zoneName(date: Date, zone: string, locale: string): string {
  const key = `${zone}\u0000${locale}`
  let format = zoneNameFormats.get(key)
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { timeZone: zone, timeZoneName: 'short' })
    zoneNameFormats.set(key, format)
  }
  return format.formatToParts(date).find((part) => part.type === 'timeZoneName')?.value ?? zone
}

/**
 * "4 december 2026, 20:00 (CET)". The zone's name comes from a kept Intl format: luxon's `ZZZZ`
 * builds a new one on every call, which was most of the time a campaign page took to render.
 */
export const localText = (date: Date, zone: string, locale: Locale) => {
  const intlLocale = locale === 'nl' ? 'nl-NL' : 'en-GB'
  const at = DateTime.fromJSDate(date, { zone }).setLocale(intlLocale).toFormat('d MMMM yyyy, HH:mm')
  return `${at} (${zoneName(date, zone, intlLocale)})`
}

type StoredText = { nl?: string | null; en?: string | null } | string | null | undefined

/** A stored text pair; a campaign saved before its texts were bilingual holds a plain Dutch string. */
export const textPair = (text: StoredText): { nl: string; en: string } =>
  typeof text === 'string' ? { nl: text, en: '' } : { nl: text?.nl ?? '', en: text?.en ?? '' }

const other = (locale: Locale): Locale => (locale === 'nl' ? 'en' : 'nl')

/** The text in the reader's language, else the other one. */
export const inLocale = (text: StoredText, locale: Locale) => {
  const pair = textPair(text)
  return pair[locale] || pair[other(locale)]
}

/** Every text a campaign shows to fans, in one language. */
export type LocalisedCampaign = {
  lang: Locale
  title: string
  description: string
  rules: string
  prizes: string
  entryInstructions: string
  pollOptions: string[]
  questions: { text: string; options: string[] }[]
  /**
   * The texts shown in the other language because this one was left empty, by name
   * (`rules`, `pollOptions.1`, `questions.0.text`, `questions.0.options.2`) → the language shown,
   * so a page can mark them (`lang="nl"`).
   */
  fallbacks: Record<string, Locale>
}

/**
 * Every fan-facing text of a campaign in `lang`, each falling back to the other language when it
 * was left empty (and listed in `fallbacks`). Fan pages render from this; the builder marks the same.
 */
export function localised(campaign: Campaign, lang: Locale): LocalisedCampaign {
  const fallbacks: Record<string, Locale> = {}
  const pick = (name: string, text: StoredText) => {
    const pair = textPair(text)
    if (pair[lang] || !pair[other(lang)]) return pair[lang]
    fallbacks[name] = other(lang)
    return pair[other(lang)]
  }
  return {
    lang,
    title: pick('title', campaign.title),
    description: pick('description', campaign.description),
    rules: pick('rules', campaign.rules as StoredText),
    prizes: pick('prizes', campaign.prizes as StoredText),
    entryInstructions: pick('entryInstructions', campaign.entryInstructions as StoredText),
    pollOptions: (campaign.poll?.options ?? []).map((o, i) => pick(`pollOptions.${i}`, o.label)),
    questions: (campaign.questions ?? []).map((q, i) => ({
      text: pick(`questions.${i}.text`, q.text),
      options: (q.options ?? []).map((o, j) => pick(`questions.${i}.options.${j}`, o)),
    })),
    fallbacks,
  }
}

export function presentWarnings(warnings: DutchCodeWarning[] | undefined, locale: Locale) {
  return (warnings ?? []).map((w) => ({
    code: w.code,
    message: translate(locale, `errors.${w.code}`, w.params ?? {}),
  }))
}

/** JSON API shape. */
export function presentCampaign(c: Campaign, timeZone: string, publicUrl: string, entryCount?: number) {
  return {
    id: c.id,
    pageId: c.pageId,
    kind: c.kind,
    slug: c.slug,
    publicUrl: `${publicUrl}/c/${c.slug}`,
    title: { nl: c.title?.nl ?? '', en: c.title?.en ?? '' },
    description: { nl: c.description?.nl ?? '', en: c.description?.en ?? '' },
    imageUrl: c.imageUrl ?? null,
    opensAt: c.opensAt.toISOString(),
    closesAt: c.closesAt.toISOString(),
    timeZone,
    state: stateOf(c),
    rules: textPair(c.rules as StoredText),
    prizes: textPair(c.prizes as StoredText),
    entryInstructions: textPair(c.entryInstructions as StoredText),
    prizeValueEuro: c.prizeValueEuro ?? 0,
    winnerCount: c.winnerCount ?? 0,
    entryMethod: c.entryMethod as 'login' | 'comment',
    eligibility: { minAge: c.eligibility?.minAge ?? null, countries: c.eligibility?.countries ?? [] },
    seedCommitment: c.seedCommitment,
    revealedSeed: c.revealedSeed ?? null,
    ...(entryCount === undefined ? {} : { entryCount }),
    warnings: presentWarnings(c.warnings as DutchCodeWarning[], 'en'),
    product: c.product ?? null,
    live: c.live
      ? Object.fromEntries(LIVE_TEXTS.map((name) => [name, textPair(c.live?.[name] as StoredText)]))
      : null,
    held: presentHeld(c, 'en'),
  }
}

/** Why the opening check sent the campaign back to draft, in the reader's language. */
export function presentHeld(c: Campaign, locale: Locale) {
  if (!c.held?.kind) return null
  return {
    kind: c.held.kind,
    message: translate(locale, `errors.${c.held.message}`, (c.held.params ?? {}) as Record<string, unknown>),
    at: (c.held.at ?? c.updatedAt ?? new Date()).toISOString(),
  }
}

/** Values of the edit form, shaped like the form's body (CampaignBody), times in the page's time zone. */
export function formValues(c: Campaign, timeZone: string) {
  const split = (name: string, text: StoredText) => {
    const pair = textPair(text)
    return { [`${name}Nl`]: pair.nl, [`${name}En`]: pair.en }
  }
  return {
    pageId: c.pageId,
    kind: c.kind,
    slug: c.slug,
    ...split('title', c.title),
    ...split('description', c.description),
    imageUrl: c.imageUrl,
    product: c.product ?? '',
    opensAt: localInput(c.opensAt, timeZone),
    closesAt: localInput(c.closesAt, timeZone),
    ...split('rules', c.rules as StoredText),
    ...split('prizes', c.prizes as StoredText),
    prizeValueEuro: c.prizeValueEuro,
    winnerCount: c.winnerCount,
    entryMethod: c.entryMethod,
    ...split('entryInstructions', c.entryInstructions as StoredText),
    entryCostEuro: c.entryCostEuro,
    askEmail: c.askEmail,
    minAge: c.eligibility?.minAge,
    countries: (c.eligibility?.countries ?? []).join(', '),
    questions: (c.questions ?? []).map((q) => ({
      ...split('text', q.text),
      options: (q.options ?? []).map((o) => split('label', o)),
      correct: q.correct,
      timeLimitSeconds: q.timeLimitSeconds ?? undefined,
    })),
    pollOptions: (c.poll?.options ?? []).map((o) => split('label', o.label)),
    pollShowResults: c.poll?.showResults,
    commentPostId: c.comment?.postId,
    commentKeyword: c.comment?.keyword,
    commentIncludeReplies: c.comment?.topLevelOnly === false,
  }
}

export function defaultFormValues(timeZone: string, kind: string, pageId?: string) {
  const start = DateTime.now().setZone(timeZone).plus({ days: 1 }).startOf('hour')
  return {
    pageId,
    kind,
    opensAt: start.toFormat("yyyy-MM-dd'T'HH:mm"),
    closesAt: start.plus({ weeks: 1 }).toFormat("yyyy-MM-dd'T'HH:mm"),
    winnerCount: 1,
    prizeValueEuro: 0,
    entryCostEuro: 0,
    entryMethod: 'login',
    pollShowResults: 'always',
  }
}

/** A row of the campaign list. */
export const presentListRow = (c: Campaign, timeZone: string, locale: Locale) => ({
  id: c.id,
  title: inLocale(c.title, locale),
  kind: c.kind,
  state: stateOf(c),
  opensAt: localText(c.opensAt, timeZone, locale),
  slug: c.slug,
})

/** Bars as a share of the largest value, drawn by CSS; the numbers stay in the table. */
/** Entries per local day from the opening to today (or the closing), days without entries as zeros. */
function everyDay(
  perDay: { day: string; entries: number }[],
  campaign: Pick<Campaign, 'opensAt' | 'closesAt'>,
  zone: string,
): { day: string; entries: number }[] {
  const end = new Date(Math.min(Date.now(), campaign.closesAt.getTime()))
  const local = (d: Date) => DateTime.fromJSDate(d, { zone }).toISODate() as string
  const counts = new Map(perDay.map((d) => [d.day, d.entries]))
  const days = campaign.opensAt <= end ? daysBetween(local(campaign.opensAt), local(end)) : []
  for (const d of perDay) if (!days.includes(d.day)) days.push(d.day)
  return days.sort().map((day) => ({ day, entries: counts.get(day) ?? 0 }))
}

const bars = <T extends { entries: number }>(rows: T[]) => {
  const most = Math.max(1, ...rows.map((r) => r.entries))
  return rows.map((r) => ({ ...r, width: Math.round((r.entries / most) * 100) }))
}

/** The marketer's campaign page: the campaign, what may be done now, results and the latest entries. */
export function presentCampaignPage(
  campaign: Campaign,
  page: { name: string; timeZone: string },
  data: {
    publicUrl: string
    entries: EntryWithSignals[]
    entryCount: number
    votes: number[]
    perDay: { day: string; entries: number }[]
    scores: { score: number; entries: number }[]
    winners: { ref: string; name: string }[]
    /** the linked product as last read from the shop */
    product?: { title: string; stock: number | null } | null
  },
  locale: Locale,
) {
  const state = stateOf(campaign)
  return {
    title: inLocale(campaign.title, locale) || campaign.slug,
    campaign: {
      id: campaign.id,
      held: presentHeld(campaign, locale),
      product: data.product
        ? { title: data.product.title, stock: data.product.stock, stockKnown: data.product.stock !== null }
        : null,
      kind: campaign.kind,
      slug: campaign.slug,
      state,
      publicUrl: `${data.publicUrl}/c/${campaign.slug}`,
      verifyUrl: `/c/${campaign.slug}/verify`,
      opensAt: localText(campaign.opensAt, page.timeZone, locale),
      closesAt: localText(campaign.closesAt, page.timeZone, locale),
      pageName: page.name,
      seedCommitment: campaign.seedCommitment,
      winners: campaign.winners,
      entryMethod: campaign.entryMethod,
      commentPostId: campaign.comment?.postId,
      canEdit: state === 'draft' || state === 'scheduled',
      canPublish: state === 'draft',
      canClose: state === 'open',
      canDraw: state === 'closed' && campaign.kind !== 'poll',
      canDelete: state === 'draft',
      canAnnounce: state === 'drawn' && data.winners.length > 0,
      winnerList: data.winners,
      entriesPerDay: bars(everyDay(data.perDay, campaign, page.timeZone)),
      entriesChart: {
        kind: 'bars',
        labels: everyDay(data.perDay, campaign, page.timeZone).map((d) => humanDay(d.day, locale)),
        series: [
          {
            label: translate(locale, 'campaigns.entriesCount'),
            tone: 'brand',
            data: everyDay(data.perDay, campaign, page.timeZone).map((d) => d.entries),
          },
        ],
      },
      scoreDistribution: bars(data.scores),
      scoreChart: {
        kind: 'bars',
        labels: data.scores.map((s) => String(s.score)),
        series: [
          {
            label: translate(locale, 'campaigns.entriesCount'),
            tone: 'brand',
            data: data.scores.map((s) => s.entries),
          },
        ],
      },
      pollResults: (campaign.poll?.options ?? []).map((o, i) => ({
        label: inLocale(o.label, locale),
        votes: data.votes[i] ?? 0,
      })),
      pollChart: {
        kind: 'hbars',
        labels: (campaign.poll?.options ?? []).map((o) => inLocale(o.label, locale)),
        series: [
          {
            label: translate(locale, 'campaigns.votes'),
            tone: 'brand',
            data: (campaign.poll?.options ?? []).map((_o, i) => data.votes[i] ?? 0),
          },
        ],
      },
    },
    warnings: presentWarnings(campaign.warnings as DutchCodeWarning[], locale),
    entryCount: data.entryCount,
    entries: data.entries.map(({ entry, signals }) => ({
      id: entry.id,
      ref: entry.ref,
      name: entry.entrant.name,
      kind: entry.entrant.kind,
      at: localText(entry.createdAt, page.timeZone, locale),
      status: entry.status,
      reason: entry.disqualification?.reason,
      winner: campaign.winners.includes(entry.ref),
      score: campaign.kind === 'quiz' ? entry.score : undefined,
      signals: signals.map((s) => ({ key: `campaigns.signal.${s.code}`, count: s.count })),
      suspicious: signals.length > 0,
      active: entry.status === 'active',
    })),
  }
}

/** An entry in the JSON API. */
export const presentApiEntry = ({ entry, signals }: EntryWithSignals) => ({
  id: entry.id,
  ref: entry.ref,
  entrantKind: entry.entrant.kind,
  name: entry.entrant.name,
  status: entry.status as 'active' | 'disqualified',
  enteredAt: entry.createdAt.toISOString(),
  score: entry.score ?? 0,
  timeTakenMs: entry.timeTakenMs ?? 0,
  signals,
  disqualificationReason: entry.disqualification?.reason ?? null,
})

/** The JSON API's results of a campaign. */
export const presentApiResults = (
  campaign: Campaign,
  data: { entryCount: number; scoreDistribution: { score: number; entries: number }[]; votes: number[] },
) => ({
  state: stateOf(campaign),
  entryCount: data.entryCount,
  winners: campaign.winners,
  seedCommitment: campaign.seedCommitment,
  revealedSeed: campaign.revealedSeed ?? null,
  poll: (campaign.poll?.options ?? []).map((o, i) => ({
    label: inLocale(o.label, 'en'),
    votes: data.votes[i] ?? 0,
  })),
  scoreDistribution: data.scoreDistribution,
})

/** A fan's campaign page: the campaign, the fan's own entry, poll results and, after a quiz, its review. */
export function presentPublicCampaign(
  campaign: Campaign,
  data: {
    page: { name: string; timeZone: string }
    fan: { id: string; name: string } | null
    mine: Entry | null
    review: Awaited<ReturnType<QuizService['review']>>
    poll: PollResults | null
  },
  locale: Locale,
) {
  const { page, fan, mine, review, poll } = data
  const state = stateOf(campaign)
  // Fans read the live texts: {voorraad} filled in and links through Fanfare's tracked redirect.
  const texts = localised(withLiveTexts(campaign), locale)
  const shown = (name: 'description' | 'rules' | 'prizes' | 'entryInstructions') =>
    shownText(texts[name], texts.fallbacks[name], locale)
  return {
    publicLayout: true,
    title: texts.title || campaign.slug,
    titleLang: texts.fallbacks.title ?? locale,
    campaign: {
      slug: campaign.slug,
      kind: campaign.kind,
      state,
      isOpen: state === 'open',
      // Each campaign text with the language it is in (fan-view.ts: a marked fallback).
      description: shown('description'),
      imageUrl: campaign.imageUrl,
      pageName: page.name,
      opensAt: localText(campaign.opensAt, page.timeZone, locale),
      closesAt: localText(campaign.closesAt, page.timeZone, locale),
      rules: shown('rules'),
      prizes: shown('prizes'),
      winnerCount: campaign.winnerCount,
      byComment: campaign.entryMethod === 'comment',
      entryInstructions: shown('entryInstructions'),
      minAge: campaign.eligibility?.minAge,
      countries: campaign.eligibility?.countries ?? [],
      askEmail: campaign.askEmail,
      seedCommitment: campaign.seedCommitment,
      drawn: state === 'drawn',
    },
    fan,
    myEntry: mine
      ? {
          ref: mine.ref,
          status: mine.status,
          at: localText(mine.createdAt, page.timeZone, locale),
          quizToGo: campaign.kind === 'quiz' && state === 'open' && !mine.finishedAt,
          score: mine.score ?? 0,
          result: fanResult(campaign, state === 'drawn', mine),
        }
      : null,
    poll: poll && {
      ...poll,
      choices: texts.pollOptions.map((label, i) => ({
        value: i,
        label,
        lang: texts.fallbacks[`pollOptions.${i}`] ?? locale,
      })),
    },
    quizReview: review && {
      score: review.score,
      questions: review.questions.map((q) => ({
        text: inLocale(q.text, locale),
        options: (q.options ?? []).map((o, i) => ({
          label: inLocale(o, locale),
          right: i === q.correct,
          mine: q.mine?.choice === i,
        })),
        late: q.mine?.late ?? false,
      })),
    },
  }
}

/** The quiz question being served. */
export const presentQuestion = (question: ServedQuestion, locale: Locale) => ({
  index: question.index,
  number: question.index + 1,
  total: question.total,
  text: inLocale(question.text, locale),
  options: question.options.map((o, i) => ({ value: i, label: inLocale(o, locale) })),
  timeLimitSeconds: question.timeLimitSeconds,
})
