// The demo world the sandbox starts with: one shop page, its team, a few fans, posts and comments.
import { ALL_TASKS, type SandboxUser, type Task } from './model.js'
import type { SandboxState } from './state.js'

export const DEMO_PAGE_ID = '100000000000001'
export const DEMO_PAGE_NAME = 'Demo Webshop'

export interface DemoUser {
  id: string
  psid: string
  name: string
  email: string
  tasks: readonly Task[]
}

export const DEMO_USERS = {
  admin: {
    id: '110000000000001',
    psid: '210000000000001',
    name: 'Anne de Admin',
    email: 'anne@demo-webshop.example',
    tasks: ALL_TASKS,
  },
  marketer: {
    id: '110000000000002',
    psid: '210000000000002',
    name: 'Mark de Marketer',
    email: 'mark@demo-webshop.example',
    tasks: ['CREATE_CONTENT', 'ANALYZE', 'ADVERTISE'],
  },
  moderator: {
    id: '110000000000003',
    psid: '210000000000003',
    name: 'Mo de Moderator',
    email: 'mo@demo-webshop.example',
    tasks: ['MODERATE', 'ANALYZE'],
  },
} as const satisfies Record<string, DemoUser>

export const DEMO_FANS = [
  { id: '120000000000001', psid: '220000000000001', name: 'Sanne de Vries', email: 'sanne@example.nl' },
  { id: '120000000000002', psid: '220000000000002', name: 'Daan Jansen', email: 'daan@example.nl' },
  { id: '120000000000003', psid: '220000000000003', name: 'Fleur Bakker', email: 'fleur@example.nl' },
  { id: '120000000000004', psid: '220000000000004', name: 'Bram Visser', email: 'bram@example.nl' },
  { id: '120000000000005', psid: '220000000000005', name: 'Noor Smit', email: 'noor@example.nl' },
  { id: '120000000000006', psid: '220000000000006', name: 'Emma Meijer', email: 'emma@example.nl' },
] as const

const HOUR = 3600

interface SeedComment {
  fan: number
  message: string
  hoursAfterPost: number
  replies?: { fan?: number; message: string; hoursAfterPost: number }[]
}

const SEED_POSTS: { message: string; link?: string; hoursAgo: number; comments: SeedComment[] }[] = [
  {
    message: 'Welkom bij Demo Webshop! Volg ons voor acties en nieuwe producten. 🎉',
    hoursAgo: 24 * 6,
    comments: [
      { fan: 0, message: 'Leuk! Ik volg jullie al jaren 😊', hoursAfterPost: 2 },
      { fan: 3, message: 'Finally on Facebook, great!', hoursAfterPost: 5 },
    ],
  },
  {
    message: 'Deze week 20% korting op alle zomerjassen ☀️ Alleen online, op = op!',
    link: 'https://demo-webshop.example/zomerjassen',
    hoursAgo: 24 * 3,
    comments: [
      {
        fan: 1,
        message: 'Mijn pakket is nog steeds niet geleverd 😡',
        hoursAfterPost: 3,
        replies: [
          {
            message:
              'Wat vervelend Daan! Stuur ons je ordernummer via een privébericht, dan zoeken we het uit.',
            hoursAfterPost: 4,
          },
          { fan: 1, message: 'Heb ik gedaan, nog geen antwoord...', hoursAfterPost: 20 },
        ],
      },
      { fan: 2, message: 'Super snel geleverd, top!', hoursAfterPost: 6 },
      { fan: 4, message: 'Is de jas ook in maat XL verkrijgbaar?', hoursAfterPost: 9 },
      { fan: 5, message: 'Terrible customer service, waited two weeks for a refund.', hoursAfterPost: 30 },
    ],
  },
  {
    message: 'Nieuw binnen: de duurzame sneakers van gerecycled plastic ♻️',
    link: 'https://demo-webshop.example/sneakers',
    hoursAgo: 20,
    comments: [
      { fan: 3, message: 'Love these, ordered two pairs already!', hoursAfterPost: 1 },
      { fan: 0, message: 'Wat een teleurstelling, de zool was na een week kapot.', hoursAfterPost: 4 },
      { fan: 5, message: 'Fijn dat jullie aan het milieu denken, blij mee!', hoursAfterPost: 7 },
    ],
  },
]

function teamUser(user: DemoUser): SandboxUser {
  return {
    id: user.id,
    psid: user.psid,
    name: user.name,
    email: user.email,
    kind: 'team',
    roles: { [DEMO_PAGE_ID]: [...user.tasks] },
  }
}

/** Fills an empty state with the demo world; times are relative to the state's clock. */
export function seedDemo(state: SandboxState): void {
  state.addPage({
    id: DEMO_PAGE_ID,
    name: DEMO_PAGE_NAME,
    category: 'Shopping & Retail',
    categoryId: '200600219953504',
    fanCount: 1342,
    about: 'De demo-webshop van Fanfare: kleding, schoenen en accessoires.',
    installedApps: {},
    postIds: [],
  })
  for (const user of Object.values(DEMO_USERS)) state.addUser(teamUser(user))
  for (const fan of DEMO_FANS) state.addUser({ ...fan, kind: 'fan', roles: {} })

  const page = { id: DEMO_PAGE_ID, name: DEMO_PAGE_NAME }
  const now = state.nowSec()
  for (const seed of SEED_POSTS) {
    const createdTime = now - seed.hoursAgo * HOUR
    const post = state.addPost({
      pageId: DEMO_PAGE_ID,
      message: seed.message,
      link: seed.link,
      published: true,
      createdTime,
    })
    // Add in time order so that ids (and thus paging order) follow created_time, like Graph.
    const events = seed.comments.flatMap((entry, index) => [
      {
        at: entry.hoursAfterPost,
        fan: entry.fan as number | undefined,
        message: entry.message,
        thread: index,
        isReply: false,
      },
      ...(entry.replies ?? []).map((reply) => ({
        at: reply.hoursAfterPost,
        fan: reply.fan,
        message: reply.message,
        thread: index,
        isReply: true,
      })),
    ])
    events.sort((a, b) => a.at - b.at)
    const threads = new Map<number, string>()
    for (const event of events) {
      const author = event.fan === undefined ? undefined : fanAt(event.fan)
      const comment = state.addComment({
        onId: event.isReply ? (threads.get(event.thread) ?? post.id) : post.id,
        from: author ? { id: author.psid, name: author.name } : page,
        authorKind: author ? 'user' : 'page',
        userId: author?.id,
        message: event.message,
        createdTime: createdTime + event.at * HOUR,
      })
      if (!event.isReply) threads.set(event.thread, comment.id)
    }
  }
}

function fanAt(index: number): (typeof DEMO_FANS)[number] {
  const fan = DEMO_FANS[index]
  if (!fan) throw new Error(`no demo fan ${index}`)
  return fan
}
