// The shapes of the Graph answers Fanfare reads, validated with zod (extra fields are tolerated
// and dropped) and turned into camelCase values.
import { z } from 'zod'

/** Graph times look like "2019-01-02T18:31:28+0000". */
export const GraphTime = z.string().transform((value, ctx) => {
  const normalized = value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2')
  const date = new Date(normalized)
  if (Number.isNaN(date.getTime())) {
    ctx.addIssue({ code: 'custom', message: `not a Graph time: ${value}` })
    return z.NEVER
  }
  return date
})

const UnixTime = z.number().transform((seconds) => new Date(seconds * 1000))

export const TokenAnswer = z
  .object({ access_token: z.string(), token_type: z.string().optional(), expires_in: z.number().optional() })
  .transform((raw) => ({
    accessToken: raw.access_token,
    tokenType: raw.token_type ?? 'bearer',
    expiresIn: raw.expires_in,
  }))
export type TokenAnswer = z.output<typeof TokenAnswer>

export const Me = z
  .object({
    id: z.string(),
    name: z.string().optional(),
    email: z.string().optional(),
    picture: z.object({ data: z.object({ url: z.string() }).partial() }).optional(),
  })
  .transform((raw) => ({ id: raw.id, name: raw.name, email: raw.email, pictureUrl: raw.picture?.data.url }))
export type Me = z.output<typeof Me>

export const PageAccount = z
  .object({
    id: z.string(),
    name: z.string(),
    access_token: z.string().optional(),
    category: z.string().optional(),
    category_list: z.array(z.object({ id: z.string(), name: z.string() })).optional(),
    tasks: z.array(z.string()).optional(),
  })
  .transform((raw) => ({
    id: raw.id,
    name: raw.name,
    accessToken: raw.access_token,
    category: raw.category,
    categoryList: raw.category_list ?? [],
    tasks: raw.tasks ?? [],
  }))
export type PageAccount = z.output<typeof PageAccount>

/** Ids are strings in current answers; older recordings (restfb's) carry numbers. */
const GraphId = z.union([z.string(), z.number().transform(String)])

export const DebugTokenAnswer = z
  .object({
    data: z.object({
      app_id: GraphId.optional(),
      type: z.string().optional(),
      application: z.string().optional(),
      expires_at: z.number().optional(),
      data_access_expires_at: z.number().optional(),
      is_valid: z.boolean(),
      issued_at: z.number().optional(),
      scopes: z.array(z.string()).default([]),
      user_id: GraphId.optional(),
      profile_id: GraphId.optional(),
      error: z
        .object({ code: z.number().optional(), subcode: z.number().optional(), message: z.string() })
        .optional(),
    }),
  })
  .transform(({ data }) => ({
    appId: data.app_id,
    type: data.type as 'USER' | 'PAGE' | 'APP' | undefined,
    application: data.application,
    /** undefined when the token never expires (Graph says 0) */
    expiresAt: data.expires_at ? new Date(data.expires_at * 1000) : undefined,
    isValid: data.is_valid,
    issuedAt: data.issued_at ? new Date(data.issued_at * 1000) : undefined,
    scopes: data.scopes,
    userId: data.user_id,
    profileId: data.profile_id,
    error: data.error,
  }))
export type DebugToken = z.output<typeof DebugTokenAnswer>

export const Post = z
  .object({
    id: z.string(),
    message: z.string().optional(),
    created_time: GraphTime.optional(),
    updated_time: GraphTime.optional(),
    permalink_url: z.string().optional(),
    /** only when a caller asks for it on an old version; Fanfare reads attachments */
    link: z.string().optional(),
    attachments: z
      .object({
        data: z.array(
          z.object({
            url: z.string().optional(),
            unshimmed_url: z.string().optional(),
            media_type: z.string().optional(),
          }),
        ),
      })
      .optional(),
    full_picture: z.string().optional(),
    is_published: z.boolean().optional(),
    scheduled_publish_time: UnixTime.optional(),
  })
  .transform((raw) => ({
    id: raw.id,
    message: raw.message,
    createdTime: raw.created_time,
    updatedTime: raw.updated_time,
    permalinkUrl: raw.permalink_url,
    /** what the post shares: the real target of its first attachment (not the l.facebook.com shim) */
    link: raw.link ?? linkOf(raw.attachments?.data[0]),
    mediaType: raw.attachments?.data[0]?.media_type,
    fullPicture: raw.full_picture,
    isPublished: raw.is_published,
    scheduledPublishTime: raw.scheduled_publish_time,
  }))
export type GraphPost = z.output<typeof Post>

function linkOf(attachment: { url?: string; unshimmed_url?: string; media_type?: string } | undefined) {
  if (!attachment || (attachment.media_type && attachment.media_type !== 'link')) return undefined
  return attachment.unshimmed_url ?? attachment.url
}

const Author = z.object({ id: z.string(), name: z.string().optional() })

export const Comment = z
  .object({
    id: z.string(),
    message: z.string().optional(),
    created_time: GraphTime.optional(),
    from: Author.optional(),
    parent: z.object({ id: z.string() }).optional(),
    is_hidden: z.boolean().optional(),
    can_hide: z.boolean().optional(),
    comment_count: z.number().optional(),
    permalink_url: z.string().optional(),
  })
  .transform((raw) => ({
    id: raw.id,
    message: raw.message ?? '',
    createdTime: raw.created_time,
    from: raw.from,
    parentId: raw.parent?.id,
    isHidden: raw.is_hidden,
    canHide: raw.can_hide,
    commentCount: raw.comment_count,
    permalinkUrl: raw.permalink_url,
  }))
export type GraphComment = z.output<typeof Comment>

export const IdAnswer = z.object({ id: z.string() })

export const PhotoAnswer = z
  .object({ id: z.string(), post_id: z.string().optional() })
  .transform((raw) => ({ id: raw.id, postId: raw.post_id }))

/** Graph answers `{"success": true}`, and for subscribed_apps documents the string "true". */
export const SuccessAnswer = z.object({ success: z.union([z.boolean(), z.enum(['true', 'false'])]) })

export const SubscribedApp = z
  .object({ id: z.string(), name: z.string().optional(), subscribed_fields: z.array(z.string()).optional() })
  .transform((raw) => ({ id: raw.id, name: raw.name, subscribedFields: raw.subscribed_fields ?? [] }))
export type SubscribedApp = z.output<typeof SubscribedApp>

export const Paging = z
  .object({
    cursors: z.object({ before: z.string().optional(), after: z.string().optional() }).optional(),
    next: z.string().optional(),
    previous: z.string().optional(),
  })
  .optional()

export function listOf<T extends z.ZodType>(item: T) {
  return z.object({ data: z.array(item), paging: Paging })
}

/** GET /me/permissions: every permission the person was asked for, granted or declined. */
export const Permission = z.object({
  permission: z.string(),
  status: z.enum(['granted', 'declined', 'expired']).or(z.string()),
})
export type Permission = z.output<typeof Permission>

/** GET /{app-id}/subscriptions: the app-level webhook subscriptions. */
export const AppSubscription = z
  .object({
    object: z.string(),
    callback_url: z.string().optional(),
    active: z.boolean().optional(),
    fields: z
      .array(z.union([z.string(), z.object({ name: z.string(), version: z.string().optional() })]))
      .optional(),
  })
  .transform((raw) => ({
    object: raw.object,
    callbackUrl: raw.callback_url,
    active: raw.active ?? false,
    fields: (raw.fields ?? []).map((field) => (typeof field === 'string' ? field : field.name)),
  }))
export type AppSubscription = z.output<typeof AppSubscription>

/** GET /{object-id}/insights: one entry per metric, a value per period (a number, or a breakdown). */
export const InsightsAnswer = z
  .object({
    data: z.array(
      z.object({
        name: z.string(),
        period: z.string(),
        values: z.array(
          z.object({
            value: z.union([z.number(), z.record(z.string(), z.number())]).optional(),
            end_time: GraphTime.optional(),
          }),
        ),
      }),
    ),
  })
  .transform((raw) =>
    raw.data.map((m) => ({
      name: m.name,
      period: m.period,
      values: m.values.map((v) => ({
        // A breakdown (e.g. by reaction type) counts as its total.
        value:
          typeof v.value === 'number' ? v.value : Object.values(v.value ?? {}).reduce((sum, n) => sum + n, 0),
        endTime: v.end_time ?? null,
      })),
    })),
  )
export type InsightsAnswer = z.output<typeof InsightsAnswer>
