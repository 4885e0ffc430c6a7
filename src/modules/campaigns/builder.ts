// The campaign builder's view model: only what the chosen kind needs, quiz questions and poll options
// as rows (spare empty rows without JavaScript, "add more" asks the server for more), and the
// human labels the one form pattern files errors under.
import type { FastifyRequest } from 'fastify'
import type { FormSpec } from '../../form-errors.js'
import { CAMPAIGN_KINDS, type CampaignKind } from './model.js'
import type { ProductPicker } from './product-picker.js'
import { KIND_FIELDS, kindHas } from './schemas.js'

/** Labels of every field of the builder, by path; `*` is a row (Vraag {{n1}}, antwoord {{n2}}). */
export const BUILDER_LABELS: Record<string, string> = {
  pageId: 'campaigns.page',
  kind: 'campaigns.kindLabel',
  slug: 'campaigns.slug',
  titleNl: 'campaigns.titleNl',
  titleEn: 'campaigns.titleEn',
  descriptionNl: 'campaigns.descriptionNl',
  descriptionEn: 'campaigns.descriptionEn',
  imageUrl: 'campaigns.imageUrl',
  product: 'campaigns.product',
  opensAt: 'campaigns.opensAt',
  closesAt: 'campaigns.closesAt',
  rulesNl: 'campaigns.builder.rulesNl',
  rulesEn: 'campaigns.builder.rulesEn',
  prizesNl: 'campaigns.builder.prizesNl',
  prizesEn: 'campaigns.builder.prizesEn',
  prizeValueEuro: 'campaigns.prizeValue',
  winnerCount: 'campaigns.winnerCount',
  entryCostEuro: 'campaigns.entryCost',
  entryMethod: 'campaigns.entryMethod',
  entryInstructionsNl: 'campaigns.builder.entryInstructionsNl',
  entryInstructionsEn: 'campaigns.builder.entryInstructionsEn',
  askEmail: 'campaigns.askEmail',
  minAge: 'campaigns.minAge',
  countries: 'campaigns.countries',
  commentPostId: 'campaigns.commentPostId',
  commentKeyword: 'campaigns.commentKeyword',
  questions: 'campaigns.quizLegend',
  'questions.*': 'campaigns.builder.question',
  'questions.*.textNl': 'campaigns.builder.questionTextNl',
  'questions.*.textEn': 'campaigns.builder.questionTextEn',
  'questions.*.options': 'campaigns.builder.questionOptions',
  'questions.*.options.*.labelNl': 'campaigns.builder.answerNl',
  'questions.*.options.*.labelEn': 'campaigns.builder.answerEn',
  'questions.*.correct': 'campaigns.builder.rightAnswer',
  'questions.*.timeLimitSeconds': 'campaigns.builder.timeLimit',
  pollOptions: 'campaigns.pollLegend',
  'pollOptions.*.labelNl': 'campaigns.builder.pollOptionNl',
  'pollOptions.*.labelEn': 'campaigns.builder.pollOptionEn',
  pollShowResults: 'campaigns.pollShowResults',
}

const MAX_QUESTIONS = 50
const MAX_ANSWERS = 6
const MAX_POLL_OPTIONS = 10

const rowsOf = (v: unknown): Record<string, unknown>[] => {
  const list = Array.isArray(v) ? v : v && typeof v === 'object' ? Object.values(v) : []
  return list.map((r) => (r && typeof r === 'object' ? (r as Record<string, unknown>) : {}))
}
const count = (v: unknown) => (Number.isInteger(Number(v)) ? Number(v) : 0)
const filled = (row: Record<string, unknown>) =>
  Object.values(row).some((x) => (typeof x === 'string' ? x.trim() !== '' : x && typeof x === 'object'))

/** What "add more" asks for without JavaScript: more empty rows, the input kept, nothing saved. */
export type MoreRows = 'questions' | 'pollOptions' | `answers.${number}` | 'kind' | 'product'

export type BuilderContext = {
  title: string
  action: string
  editing?: boolean
  pages: { id: string; name: string; timeZone: string }[]
  picker: ProductPicker
}

/** A route's builder context for the form values shown (and what "more" asked for). */
export type BuilderContextOf = (
  request: FastifyRequest,
  values: Record<string, unknown>,
  more?: MoreRows,
) => Promise<BuilderContext>

/**
 * The builder's model from form values (the stored campaign's, or what the person sent): the rows
 * to show, each with its index, and which parts the kind has. Paths match the body's (CampaignBody).
 */
export function builderModel(values: Record<string, unknown>, context: BuilderContext, more?: MoreRows) {
  const kind: CampaignKind = (CAMPAIGN_KINDS as readonly string[]).includes(String(values.kind))
    ? (values.kind as CampaignKind)
    : 'contest'
  const page = context.pages.find((p) => p.id === values.pageId) ?? context.pages[0]
  const questions = rowsOf(values.questions)
  // How many rows the page showed (hidden `slots[…]` fields), so spare rows stay when shown again.
  const slots = (values.slots && typeof values.slots === 'object' ? values.slots : {}) as Record<
    string,
    unknown
  >
  const answerSlots = (slots.answers && typeof slots.answers === 'object' ? slots.answers : {}) as Record<
    number,
    unknown
  >
  const questionSlots = Math.min(
    MAX_QUESTIONS,
    Math.max(count(slots.questions), questions.length, questions.filter(filled).length + 1, 2) +
      (more === 'questions' ? 2 : 0),
  )
  const questionRows = Array.from({ length: questionSlots }, (_, i) => {
    const q = questions[i] ?? {}
    const answers = rowsOf(q.options)
    const answerCount = Math.min(
      MAX_ANSWERS,
      Math.max(count(answerSlots[i]), answers.length, answers.filter(filled).length + 1, 4) +
        (more === `answers.${i}` ? 2 : 0),
    )
    return {
      index: i,
      number: i + 1,
      canAddAnswers: answerCount < MAX_ANSWERS,
      answers: Array.from({ length: answerCount }, (_, j) => ({
        index: j,
        number: j + 1,
        correct: String(q.correct ?? '') === String(j),
      })),
    }
  })
  const pollOptions = rowsOf(values.pollOptions)
  const pollSlots = Math.min(
    MAX_POLL_OPTIONS,
    Math.max(count(slots.pollOptions), pollOptions.length, pollOptions.filter(filled).length + 1, 3) +
      (more === 'pollOptions' ? 2 : 0),
  )
  const parts = Object.fromEntries(
    Object.keys(KIND_FIELDS).map((part) => [part, kindHas(kind, part as keyof typeof KIND_FIELDS)]),
  )
  return {
    title: context.title,
    action: context.action,
    editing: context.editing ?? false,
    pages: context.pages.map((p) => ({ id: p.id, name: p.name, timeZone: p.timeZone })),
    timeZone: page?.timeZone ?? 'Europe/Amsterdam',
    kind,
    kinds: CAMPAIGN_KINDS.map((k) => ({ value: k, selected: k === kind })),
    parts,
    kindsOf: Object.fromEntries(Object.entries(KIND_FIELDS).map(([part, kinds]) => [part, kinds.join(' ')])),
    questionRows,
    questionSlots,
    // The rows JavaScript copies for "add a question" (indexes filled in by the script).
    templateAnswers: Array.from({ length: 4 }, (_, j) => ({ index: j, number: j + 1, correct: false })),
    canAddQuestions: questionSlots < MAX_QUESTIONS,
    pollRows: Array.from({ length: pollSlots }, (_, i) => ({ index: i, number: i + 1 })),
    pollSlots,
    canAddPollOptions: pollSlots < MAX_POLL_OPTIONS,
    picker: pickerModel(context.picker, values.product),
    values: { ...values, kind, slots: undefined },
  }
}

/** The picker's radios: no product, the linked one, the ones found; the chosen one checked. */
function pickerModel(picker: ProductPicker, chosen: unknown) {
  const selected = typeof chosen === 'string' ? chosen : ''
  return {
    ...picker,
    single: picker.shops.length === 1,
    none: selected === '',
    choices: picker.choices.map((c) => ({
      ...c,
      checked: c.value === selected,
      stockKnown: c.stock !== null,
    })),
  }
}

/** The builder as a route's form (see FormSpec): a refused campaign is shown again, errors inline. */
export function builderForm(context: BuilderContextOf): FormSpec {
  return {
    labels: BUILDER_LABELS,
    async render(request, input) {
      return { template: 'campaigns/form', model: builderModel(input, await context(request, input)) }
    },
  }
}
