// Quizzes: questions served one by one; the server records when each was served and decides about
// time limits and scores. The right answers stay hidden until the quiz closes.
import { Conflict, InvalidInput, NotFound, RuleViolation } from '../../errors.js'
import type { Models } from '../../models.js'
import type { CampaignDoc, EntryDoc } from './model.js'
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

export function createQuizService(deps: { models: Models; now?: () => Date }) {
  const { models } = deps
  const now = deps.now ?? (() => new Date())

  async function entryOf(campaign: CampaignDoc, fanId: string): Promise<EntryDoc> {
    const entry = await models.entries
      .findOne({
        campaignId: campaign._id,
        'entrant.kind': 'app',
        'entrant.id': String(fanId),
        status: 'active',
      })
      .lean<EntryDoc>()
    if (!entry) throw new NotFound('campaigns.noEntry')
    return entry
  }

  function assertOpenQuiz(campaign: CampaignDoc): void {
    if (campaign.kind !== 'quiz') throw new NotFound('campaigns.notFound')
    if (stateOf(campaign, now()) !== 'open') throw new RuleViolation('campaigns.closed')
  }

  return {
    /**
     * The fan's next question, or null when they answered all. The first time a question is served
     * its serve time is stored; reloading the page does not restart the clock.
     */
    async nextQuestion(campaign: CampaignDoc, fanId: string): Promise<ServedQuestion | null> {
      assertOpenQuiz(campaign)
      const entry = await entryOf(campaign, fanId)
      const index = entry.answeredCount ?? 0
      const question = campaign.questions[index]
      if (!question) return null
      const served = await models.quizServes
        .findOneAndUpdate(
          { campaignId: campaign._id, fanId: String(fanId), question: index },
          { $setOnInsert: { servedAt: now() } },
          { upsert: true, returnDocument: 'after' },
        )
        .lean<{ servedAt: Date }>()
      return {
        index,
        total: campaign.questions.length,
        text: { nl: question.text?.nl ?? '', en: question.text?.en ?? '' },
        options: (question.options ?? []).map((o) => ({ nl: o.nl ?? '', en: o.en ?? '' })),
        timeLimitSeconds: question.timeLimitSeconds ?? null,
        servedAt: served?.servedAt ?? now(),
      }
    },

    /**
     * Records an answer. Whatever the client claims, the time taken is the server's receive time minus
     * the stored serve time; an answer after the limit scores nothing. Answers go strictly in order:
     * the update only matches while `answeredCount` is this question, so a double submit counts once.
     */
    async answer(
      campaign: CampaignDoc,
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
      const served = await models.quizServes
        .findOne({ campaignId: campaign._id, fanId: String(fanId), question: questionIndex })
        .lean<{ servedAt: Date }>()
      if (!served) throw new RuleViolation('campaigns.questionNotServed')
      const answeredAt = now()
      const takenMs = Math.max(0, answeredAt.getTime() - served.servedAt.getTime())
      const limitMs = question.timeLimitSeconds
        ? question.timeLimitSeconds * 1000 + ANSWER_GRACE_MS
        : Infinity
      const late = takenMs > limitMs
      const correct = !late && choice === question.correct
      const finished = questionIndex + 1 >= campaign.questions.length
      try {
        await models.quizAnswerClaims.create({
          campaignId: campaign._id,
          fanId: String(fanId),
          question: questionIndex,
          at: answeredAt,
        })
      } catch (err) {
        if ((err as { code?: number }).code === 11000) throw new Conflict('campaigns.answeredAlready')
        throw err
      }
      const updated = await models.entries.updateOne(
        { _id: entry._id, answeredCount: questionIndex },
        {
          $push: {
            answers: {
              question: questionIndex,
              choice,
              correct,
              late,
              servedAt: served.servedAt,
              answeredAt,
            },
          },
          $inc: { answeredCount: 1, score: correct ? 1 : 0, timeTakenMs: Math.min(takenMs, limitMs) },
          ...(finished ? { $set: { finishedAt: answeredAt } } : {}),
        },
      )
      if (!updated.modifiedCount) throw new Conflict('campaigns.answeredAlready')
      return { finished, late }
    },

    /** After closing: the questions with their right answers and the fan's own answers. */
    async review(campaign: CampaignDoc, fanId: string | null) {
      if (
        campaign.kind !== 'quiz' ||
        stateOf(campaign, now()) === 'open' ||
        stateOf(campaign, now()) === 'scheduled'
      )
        return null
      const entry = fanId
        ? await models.entries
            .findOne({ campaignId: campaign._id, 'entrant.kind': 'app', 'entrant.id': String(fanId) })
            .lean<EntryDoc>()
        : null
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
