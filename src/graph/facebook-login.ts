// What both Facebook logins (team and fan) share: the OAuth client against the configured dialog
// and Graph hosts with PKCE and httpOnly SameSite cookies, the callback's query and the rate limit.
import type { FastifyOAuth2Options } from '@fastify/oauth2'
import { z } from 'zod'
import type { Config } from '../config.js'

/** Logging in is rare; twenty a minute per address is plenty and slows down guessing. */
export const LOGIN_RATE_LIMIT = { max: 20, timeWindow: '1 minute' }

/** What Facebook puts on the callback: a code and our state, or why the person declined. */
export const LoginCallbackQuery = z.object({
  code: z.string().max(2000).optional(),
  state: z.string().max(500).optional(),
  error: z.string().max(200).optional(),
  error_reason: z.string().max(200).optional(),
  error_description: z.string().max(500).optional(),
})

export function facebookLoginOptions(
  config: Config,
  login: { name: string; scope: string[]; callbackPath: string; cookiePrefix?: string },
): FastifyOAuth2Options {
  const version = config.GRAPH_API_VERSION
  return {
    name: login.name,
    scope: login.scope,
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
    callbackUri: `${config.publicUrl}${login.callbackPath}`,
    pkce: 'S256',
    ...(login.cookiePrefix && {
      redirectStateCookieName: `${login.cookiePrefix}-state`,
      verifierCookieName: `${login.cookiePrefix}-verifier`,
    }),
    cookie: { secure: config.publicUrl.startsWith('https://'), sameSite: 'lax', httpOnly: true, path: '/' },
  }
}
