// Fan login with Facebook (public_profile only): its own OAuth client flow, callback and cookies,
// separate from the team login. Only the app-scoped id and name are kept, in the session.
import oauth2, { type OAuth2Namespace } from '@fastify/oauth2'
import type { FastifyInstance } from 'fastify'

declare module 'fastify' {
  interface FastifyInstance {
    fanLogin: OAuth2Namespace
  }
}

declare module '@fastify/secure-session' {
  interface SessionData {
    /** A fan logged in for campaigns: app-scoped id and name. Not a team member. */
    fan: { id: string; name: string }
    fanReturnTo: string
  }
}

export const FAN_SCOPES = ['public_profile']
export const FAN_CALLBACK_PATH = '/fan/facebook/callback'

export async function registerFanLogin(app: FastifyInstance): Promise<void> {
  const { config } = app
  const version = config.GRAPH_API_VERSION
  await app.register(oauth2, {
    name: 'fanLogin',
    scope: FAN_SCOPES,
    credentials: {
      client: { id: config.FACEBOOK_APP_ID, secret: config.FACEBOOK_APP_SECRET },
      auth: {
        authorizeHost: config.FACEBOOK_DIALOG_URL,
        authorizePath: `/${version}/dialog/oauth`,
        tokenHost: config.GRAPH_BASE_URL,
        tokenPath: `/${version}/oauth/access_token`,
      },
      options: { authorizationMethod: 'body' },
    },
    callbackUri: `${config.publicUrl}${FAN_CALLBACK_PATH}`,
    pkce: 'S256',
    // Own cookie names, so a fan login in one tab never trips over a team login in another.
    redirectStateCookieName: 'fanfare-fan-state',
    verifierCookieName: 'fanfare-fan-verifier',
    cookie: { secure: config.publicUrl.startsWith('https://'), sameSite: 'lax', httpOnly: true, path: '/' },
  })
}
