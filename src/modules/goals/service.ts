// Setting goals (baseline measured from data) and reading where they stand.
import { DateTime } from 'luxon'
import { InvalidInput, NotFound } from '../../errors.js'
import type { Attribution } from '../attribution/service.js'
import type { Actor, AuditLog } from '../audit/service.js'
import type { PageService } from '../pages/service.js'
import type { Dashboard } from './dashboard.js'
import { adviceFor } from './digest.js'
import type { Measures } from './measures.js'
import type { GoalKind } from './model.js'
import type { Goal, GoalRepository } from './repository.js'
import type { GoalBody, GoalView } from './schemas.js'

const DAY_MS = 86_400_000

/** The period a baseline is measured over: as long as the goal (at most a year) before it starts,
 *  four weeks for response times, the day it starts for followers. */
export function baselinePeriod(kind: GoalKind, startAt: Date, deadline: Date): { from: Date; to: Date } {
  if (kind === 'response_time') return { from: new Date(startAt.getTime() - 28 * DAY_MS), to: startAt }
  if (kind === 'followers') return { from: new Date(startAt.getTime() - DAY_MS), to: startAt }
  const length = Math.min(deadline.getTime() - startAt.getTime(), 365 * DAY_MS)
  return { from: new Date(startAt.getTime() - length), to: startAt }
}

const toStored = (kind: GoalKind, entered: number) =>
  kind === 'revenue'
    ? Math.round(entered * 100)
    : kind === 'response_time'
      ? Math.round(entered * 60)
      : Math.round(entered)

export function createGoals(deps: {
  repo: GoalRepository
  pages: PageService
  measures: Measures
  dashboard: Dashboard
  attribution: Attribution
  audit: AuditLog
}) {
  const { repo, pages, measures, dashboard, attribution, audit } = deps

  async function find(id: string): Promise<Goal> {
    const goal = await repo.find(id)
    if (!goal || goal.archivedAt) throw new NotFound('goals.notFound')
    return goal
  }

  async function view(goal: Goal, now = new Date()): Promise<GoalView> {
    const page = await pages.find(goal.pageId)
    const [data, digest] = await Promise.all([dashboard.view(goal, page, now), repo.latestDigest(goal.id)])
    return { ...data, digest: digest ? { week: digest.week, advice: digest.advice } : null }
  }

  return {
    async create(actor: Actor, body: GoalBody, now = new Date()): Promise<Goal> {
      const page = await pages.find(body.pageId)
      const deadline = DateTime.fromISO(body.deadline, { zone: page.timeZone ?? 'Europe/Amsterdam' })
        .endOf('day')
        .toJSDate()
      if (deadline.getTime() <= now.getTime() + DAY_MS)
        throw new InvalidInput('deadline', 'goals.deadlineInFuture')
      const period = baselinePeriod(body.kind, now, deadline)
      const measured = await measures.figure(body.kind, page, period.from, period.to)
      const entered = body.baseline === undefined ? null : toStored(body.kind, body.baseline)
      // No revenue from Facebook before is no baseline: 10 % more than nothing is still nothing.
      const usable = body.kind === 'revenue' && measured === 0 ? null : measured
      const baseline = entered ?? usable
      if (baseline === null) throw new InvalidInput('baseline', 'goals.baselineMissing')
      const target =
        body.kind === 'response_time'
          ? Math.round((body.targetMinutes as number) * 60)
          : Math.round(baseline * (1 + (body.changePercent as number) / 100))
      const goal = await repo.create({
        pageId: page.id,
        kind: body.kind,
        title:
          body.title ??
          `${body.kind} ${body.changePercent !== undefined ? `${body.changePercent > 0 ? '+' : ''}${body.changePercent} %` : `≤ ${body.targetMinutes} min`}`,
        startAt: now,
        deadline,
        baseline,
        baselineSource: entered === null ? 'measured' : 'entered',
        baselineFrom: period.from,
        baselineTo: period.to,
        changePercent: body.changePercent ?? null,
        target,
        currency: 'EUR',
        createdBy: actor.userId ?? 'system',
        createdByName: actor.name,
      })
      await audit.record(actor, {
        action: 'goal.create',
        target: { type: 'goal', id: goal.id, label: goal.title },
        pageId: page.facebookPageId,
        after: {
          kind: goal.kind,
          baseline,
          baselineSource: goal.baselineSource,
          target,
          deadline: deadline.toISOString(),
        },
      })
      return goal
    },

    find,
    view,
    pageOf: async (id: string) => {
      const goal = await repo.find(id)
      return goal ? { pageId: goal.pageId } : null
    },
    list: (pageIds: string[] | null) => repo.list(pageIds),

    async archive(actor: Actor, id: string): Promise<void> {
      const goal = await find(id)
      await repo.archive(id)
      await audit.record(actor, { action: 'goal.archive', target: { type: 'goal', id, label: goal.title } })
    },

    /** The weekly digest of every goal (the job), kept per goal and ISO week. */
    async digestAll(now = new Date()): Promise<{ goals: number }> {
      const goals = await repo.list(null)
      const week = DateTime.fromJSDate(now, { zone: 'utc' }).toFormat("kkkk-'W'WW")
      for (const goal of goals) {
        const data = await view(goal, now)
        const kinds = await attribution.totals({ from: goal.startAt, tracked: true }, 'postLabel')
        const advice = adviceFor(
          data,
          kinds.filter((k) => k.key).map((k) => ({ label: k.key as string, revenueCents: k.revenueCents })),
        )
        await repo.saveDigest({
          goalId: goal.id,
          week,
          madeAt: now,
          onTrack: data.onTrack,
          progressPercent: data.progressPercent,
          advice,
        })
      }
      return { goals: goals.length }
    },
  }
}

export type Goals = ReturnType<typeof createGoals>
