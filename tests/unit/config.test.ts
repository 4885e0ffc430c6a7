import { describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from '../../src/config.js'

const valid = {
  MONGODB_URI: 'mongodb://127.0.0.1:27017/fanfare',
  REDIS_URL: 'redis://127.0.0.1:6379',
  FANFARE_SECRET_KEY: Buffer.alloc(32, 7).toString('base64'),
  FACEBOOK_APP_ID: '1234567890',
  FACEBOOK_APP_SECRET: 'a-long-enough-app-secret',
  WEBHOOK_VERIFY_TOKEN: 'verify-me-please',
}

function problemsOf(env: Record<string, string | undefined>): string[] {
  try {
    loadConfig(env)
  } catch (err) {
    if (err instanceof ConfigError) return err.problems
    throw err
  }
  throw new Error('expected the configuration to be refused')
}

describe('configuration', () => {
  it('accepts a complete environment and applies defaults', () => {
    const config = loadConfig(valid)
    expect(config.PORT).toBe(3000)
    expect(config.HOST).toBe('127.0.0.1')
    expect(config.GRAPH_API_VERSION).toBe('v25.0')
    expect(config.publicUrl).toBe('http://localhost:3000')
    expect(config.secretKey).toHaveLength(32)
  })

  it('names a missing variable and what it expects', () => {
    const { MONGODB_URI: _omit, ...env } = valid
    const problems = problemsOf(env)
    expect(problems).toHaveLength(1)
    expect(problems[0]).toMatch(/^MONGODB_URI: is missing .*mongodb:\/\//)
  })

  it('names every malformed variable in one message', () => {
    const problems = problemsOf({
      ...valid,
      PORT: 'eighty',
      REDIS_URL: 'http://x',
      FANFARE_SECRET_KEY: 'short',
    })
    const names = problems.map((p) => p.split(':')[0])
    expect(names.sort()).toEqual(['FANFARE_SECRET_KEY', 'PORT', 'REDIS_URL'])
    const err = (() => {
      try {
        loadConfig({ ...valid, PORT: 'eighty' })
      } catch (e) {
        return e as Error
      }
    })()
    expect(err?.message).toContain('PORT: expected a port number')
  })

  it('treats an empty variable as missing rather than as a value', () => {
    expect(problemsOf({ ...valid, FACEBOOK_APP_ID: '' })[0]).toMatch(/^FACEBOOK_APP_ID: is missing/)
  })
})

describe('start-up with a bad configuration', () => {
  it('stops the web process with one message naming every offending variable', async () => {
    const { spawnSync } = await import('node:child_process')
    const env = { PATH: process.env.PATH ?? '', ...valid, PORT: 'eighty', REDIS_URL: '' }
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
      env,
      encoding: 'utf8',
      timeout: 90_000,
    })
    expect(run.status).toBe(1)
    expect(run.stderr).toContain('Fanfare cannot start, the configuration is invalid')
    expect(run.stderr).toContain('PORT: expected a port number')
    expect(run.stderr).toContain('REDIS_URL: is missing')
    expect(run.stderr).not.toContain(valid.FACEBOOK_APP_SECRET)
  }, 120_000) // a cold `tsx` start on a loaded machine can take most of a minute
})

describe('TRUST_PROXY', () => {
  it('refuses a bare hop count, which Fastify would silently ignore', () => {
    expect(problemsOf({ ...valid, TRUST_PROXY: '1' })[0]).toMatch(/^TRUST_PROXY: a hop count cannot tell/)
  })

  it('takes proxy-addr names such as loopback', () => {
    expect(loadConfig({ ...valid, TRUST_PROXY: 'loopback' }).TRUST_PROXY).toEqual(['loopback'])
  })

  it('takes a list of proxy addresses and ranges', () => {
    expect(loadConfig({ ...valid, TRUST_PROXY: '10.0.0.1, 10.0.1.0/24' }).TRUST_PROXY).toEqual([
      '10.0.0.1',
      '10.0.1.0/24',
    ])
  })

  it('is off by default and with false', () => {
    expect(loadConfig(valid).TRUST_PROXY).toBe(false)
    expect(loadConfig({ ...valid, TRUST_PROXY: 'false' }).TRUST_PROXY).toBe(false)
  })

  it('refuses to trust every hop, and says why', () => {
    const [problem] = problemsOf({ ...valid, TRUST_PROXY: 'true' })
    expect(problem).toMatch(/^TRUST_PROXY: .*any client pick its own address/)
  })

  it('refuses what is neither a hop count nor addresses', () => {
    expect(problemsOf({ ...valid, TRUST_PROXY: 'nginx' })[0]).toMatch(
      /^TRUST_PROXY: expected false or a comma/,
    )
  })
})
