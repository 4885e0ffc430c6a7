// Request and response shapes of goals: one schema for the form, the JSON API and OpenAPI.
import { z } from 'zod'
import { ObjectIdParam } from '../../schemas/common.js'
import { GOAL_KINDS } from './model.js'

const blank = (v: unknown) => (v === '' || v === null ? undefined : v)
const OptionalNumber = (min: number, max: number) =>
  z.preprocess(blank, z.coerce.number({ message: 'expected a number' }).min(min).max(max).optional())

export const GoalBody = z
  .object({
    pageId: ObjectIdParam,
    kind: z.enum(GOAL_KINDS, { message: 'expected revenue, followers or response_time' }),
    title: z.preprocess(blank, z.string().trim().max(200).optional()),
    /** +10 for "10 % more" (revenue, followers) */
    changePercent: OptionalNumber(-100, 1000),
    /** the response time to reach, in minutes (response_time) */
    targetMinutes: OptionalNumber(1, 10_080),
    deadline: z.iso.date({ message: 'expected a date such as 2027-12-01' }),
    /**
     * The baseline when Fanfare has no data for it yet: euros of Facebook revenue over a period as long
     * as the goal's, followers, or minutes. Left empty, it is measured.
     */
    baseline: OptionalNumber(0, 1e12),
  })
  .refine((v) => v.kind === 'response_time' || v.changePercent !== undefined, {
    message: 'say how much more (in %)',
    path: ['changePercent'],
  })
  .refine((v) => v.kind !== 'response_time' || v.targetMinutes !== undefined, {
    message: 'say within how many minutes complaints get their first answer',
    path: ['targetMinutes'],
  })
export type GoalBody = z.infer<typeof GoalBody>

const Point = z.object({ week: z.string(), actual: z.number().nullable(), target: z.number() })
/** What contributed to a goal: content (a post, a campaign, a kit), never a person (no ranking of people). */
const Contributor = z.object({
  kind: z.enum(['post', 'campaign', 'kit']),
  id: z.string(),
  label: z.string(),
  clicks: z.number(),
  orders: z.number(),
  revenueCents: z.number(),
})

export const GoalView = z.object({
  id: z.string(),
  pageId: z.string(),
  kind: z.enum(GOAL_KINDS),
  title: z.string(),
  startAt: z.string(),
  deadline: z.string(),
  unit: z.enum(['cents', 'followers', 'seconds']),
  baseline: z.number(),
  baselineSource: z.enum(['measured', 'entered']),
  baselineFrom: z.string(),
  baselineTo: z.string(),
  target: z.number(),
  actual: z.number().nullable(),
  progressPercent: z.number(),
  expectedPercent: z.number(),
  onTrack: z.boolean(),
  trend: z.enum(['up', 'down', 'flat']),
  clicks: z.number().describe('Clicks on Fanfare’s tracked links since the goal started'),
  orders: z.number().describe('Orders through Fanfare’s tracked links since the goal started'),
  revenueCents: z.number().describe('Revenue of those orders, in cents'),
  series: z.array(Point),
  contributors: z.array(Contributor),
  digest: z
    .object({
      week: z.string(),
      advice: z.array(z.object({ key: z.string(), params: z.record(z.string(), z.unknown()) })),
    })
    .nullable(),
})
export type GoalView = z.infer<typeof GoalView>
export const GoalList = z.object({ goals: z.array(GoalView) })
