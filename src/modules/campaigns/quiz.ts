// Quizzes: questions served one by one; the server records when each was served and decides about
// time limits and scores. The right answers stay hidden until the quiz closes.
import { Conflict, InvalidInput, NotFound, RuleViolation } from '../../errors.js'
import type { Campaign } from './campaign-repository.js'
import type { Entry, EntryRepository } from './entry-repository.js'
import type { QuizRepository } from './quiz-repository.js'
import { stateOf } from './state.js'

/** Network time between the server serving a question and receiving the answer is forgiven up to this. */
export const ANSWER_GRACE_MS = 1_000

export type ServedQuestion = {
  index: number
  total: number
  text: { nl: string; en: string }
  options: { nl: string; en: string }[]
  timeLimitSeconds: number | null
  servedAt: Date
}

export function createQuizService(deps: {
  entries: EntryRepository
  serves: QuizRepository
  now?: () => Date
}) {
  const { entries, serves } = deps
  const now = deps.now ?? (() => new Date())

  async function entryOf(campaign: Campaign, fanId: string): Promise<Entry> {
    const entry = await entries.mine(campaign.id, fanId, { activeOnly: true })
    if (!entry) throw new NotFound('campaigns.noEntry')
    return entry
  }

  function assertOpenQuiz(campaign: Campaign): void {
    if (campaign.kind !== 'quiz') throw new NotFound('campaigns.notFound')
    if (stateOf(campaign, now()) !== 'open') throw new RuleViolation('campaigns.closed')
  }

  return {
    /**
     * The fan's next question, or null when they answered all. The first time a question is served
     * its serve time is stored; reloading the page does not restart the clock.
     */
    async nextQuestion(campaign: Campaign, fanId: string): Promise<ServedQuestion | null> {
      assertOpenQuiz(campaign)
      const entry = await entryOf(campaign, fanId)
      const index = entry.answeredCount ?? 0
      const question = campaign.questions[index]
      if (!question) return null
      const servedAt = await serves.servedAt(campaign.id, fanId, index, now())
      return {
        index,
        total: campaign.questions.length,
        text: { nl: question.text?.nl ?? '', en: question.text?.en ?? '' },
        options: (question.options ?? []).map((o) => ({ nl: o.nl ?? '', en: o.en ?? '' })),
        timeLimitSeconds: question.timeLimitSeconds ?? null,
        servedAt,
      }
    },

    /**
     * Records an answer. Whatever the client claims, the time taken is the server's receive time minus
     * the stored serve time; an answer after the limit scores nothing. Answers go strictly in order:
     * the entry's update only matches while `answeredCount` is this question, so of several
     * simultaneous submits of one answer exactly one counts.
     */
    async answer(
      campaign: Campaign,
      fanId: string,
      questionIndex: number,
      choice: number,
    ): Promise<{ finished: boolean; late: boolean }> {
      assertOpenQuiz(campaign)
      const entry = await entryOf(campaign, fanId)
      const question = campaign.questions[questionIndex]
      if (!question) throw new InvalidInput('question', 'campaigns.noSuchQuestion')
      if (choice < 0 || choice >= (question.options?.length ?? 0))
        throw new InvalidInput('choice', 'campaigns.noSuchOption')
      if ((entry.answeredCount ?? 0) !== questionIndex) throw new Conflict('campaigns.answeredAlready')
      const servedAt = await serves.whenServed(campaign.id, fanId, questionIndex)
      if (!servedAt) throw new RuleViolation('campaigns.questionNotServed')
      const answeredAt = now()
      const takenMs = Math.max(0, answeredAt.getTime() - servedAt.getTime())
      const limitMs = question.timeLimitSeconds
        ? question.timeLimitSeconds * 1000 + ANSWER_GRACE_MS
        : Infinity
      const late = takenMs > limitMs
      const correct = !late && choice === question.correct
      const finished = questionIndex + 1 >= campaign.questions.length
      const recorded = await entries.recordAnswer(
        entry.id,
        questionIndex,
        { question: questionIndex, choice, correct, late, servedAt, answeredAt },
        {
          score: correct ? 1 : 0,
          timeTakenMs: Math.min(takenMs, limitMs),
          finishedAt: finished ? answeredAt : null,
        },
      )
      if (!recorded) throw new Conflict('campaigns.answeredAlready')
      return { finished, late }
    },

    /** After closing: the questions with their right answers and the fan's own answers. */
    async review(campaign: Campaign, fanId: string | null) {
      const state = stateOf(campaign, now())
      if (campaign.kind !== 'quiz' || state === 'open' || state === 'scheduled') return null
      const entry = fanId ? await entries.mine(campaign.id, fanId) : null
      return {
        score: entry?.score ?? null,
        questions: campaign.questions.map((q, index) => ({
          text: q.text,
          options: q.options,
          correct: q.correct,
          mine: entry?.answers?.find((a) => a.question === index) ?? null,
        })),
      }
    },
  }
}

export type QuizService = ReturnType<typeof createQuizService>
