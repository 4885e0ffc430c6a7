// Every module, one line each, in the order their cores depend on each other (fastify checks it).
import attribution from './attribution/index.js'
import audit from './audit/index.js'
import auth from './auth/index.js'
import campaigns from './campaigns/index.js'
import comments from './comments/index.js'
import goals from './goals/index.js'
import health from './health/index.js'
import home from './home/index.js'
import insights from './insights/index.js'
import kits from './kits/index.js'
import links from './links/index.js'
import type { FanfareModule } from './module.js'
import pages from './pages/index.js'
import posts from './posts/index.js'
import shop from './shop/index.js'
import team from './team/index.js'
import tokens from './tokens/index.js'

export const MODULES: readonly FanfareModule[] = [
  health,
  audit,
  team,
  tokens,
  pages,
  auth,
  home,
  shop,
  links,
  attribution,
  posts,
  campaigns,
  comments,
  insights,
  goals,
  kits,
]
