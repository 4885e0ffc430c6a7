// `npm start` and `npm test` on a fresh clone: install what is missing, provision local services
// when no URL is configured, then start everything (start) or run the checks and the suite (test).
import { spawn, spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
// Where a local install keeps its data and generated secrets (tests point it at a folder of their own).
const dataDir = process.env.FANFARE_DATA_DIR ?? join(root, '.data')
const say = (msg) => console.log(`[fanfare] ${msg}`)

function checkNode() {
  const [major, minor] = process.versions.node.split('.').map(Number)
  if (major < 20 || (major === 20 && minor < 19)) {
    console.error(`Fanfare needs Node.js 20.19 or newer (this is ${process.versions.node}).`)
    process.exit(1)
  }
}

function run(cmd, args, opts = {}) {
  const res = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', ...opts })
  if (res.error) throw res.error
  return res.status ?? 1
}

/** Installs dependencies when node_modules is missing or older than the lock file. */
function ensureDependencies() {
  const marker = join(root, 'node_modules', '.package-lock.json')
  const lock = join(root, 'package-lock.json')
  const stale = !existsSync(marker) || (existsSync(lock) && statSync(lock).mtimeMs > statSync(marker).mtimeMs)
  if (!stale) return
  say('installing dependencies with npm (once; about a minute on a cold machine)')
  let status = existsSync(lock) ? run('npm', ['ci', '--no-audit', '--no-fund']) : 1
  // npm 11 may record only this platform's optional packages in the lock and then refuse `npm ci`
  // on it; `npm install` resolves the same locked versions without that check.
  if (status !== 0) status = run('npm', ['install', '--no-audit', '--no-fund'])
  if (status !== 0) process.exit(status)
}

function loadDotEnv() {
  const file = join(root, '.env')
  if (existsSync(file)) process.loadEnvFile(file)
}

/** Secrets for a local install, generated once and kept under .data/ (never committed). */
function localSecrets() {
  const file = join(dataDir, 'local-secrets.json')
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8'))
  const secrets = {
    FANFARE_SECRET_KEY: randomBytes(32).toString('base64'),
    FACEBOOK_APP_SECRET: randomBytes(24).toString('hex'),
    WEBHOOK_VERIFY_TOKEN: randomBytes(12).toString('hex'),
  }
  mkdirSync(dataDir, { recursive: true })
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 })
  return secrets
}

/**
 * Runs a Node process and restarts it when it crashes, waiting 1 s, 2 s, 4 s … up to 30 s between
 * tries (back to 1 s once it has run for a minute). Redis and the store are left running meanwhile.
 */
function supervise(name, script, env, onLaunch = () => {}) {
  let child = null
  let delayMs = 1000
  let stopping = false
  let timer = null
  const launch = () => {
    const startedAt = Date.now()
    child = spawn(process.execPath, ['--import', 'tsx', script], { cwd: root, env, stdio: 'inherit' })
    onLaunch()
    child.on('exit', (code, signal) => {
      child = null
      if (stopping) return
      if (Date.now() - startedAt > 60_000) delayMs = 1000
      say(`${name} stopped (${signal ?? `exit code ${code}`}); restarting it in ${delayMs / 1000} s`)
      timer = setTimeout(launch, delayMs)
      delayMs = Math.min(delayMs * 2, 30_000)
    })
  }
  launch()
  return {
    name,
    pid: () => child?.pid ?? null,
    stop: () =>
      new Promise((resolve) => {
        stopping = true
        clearTimeout(timer)
        if (!child) return resolve()
        const kill = setTimeout(() => child?.kill('SIGKILL'), 15_000)
        child.once('exit', () => {
          clearTimeout(kill)
          resolve()
        })
        child.kill('SIGTERM')
      }),
  }
}

/** Which store `npm start` uses, that production belongs on MongoDB, and what a crash can lose. */
function storeNotice(mongo) {
  const lines = [`MongoDB: ${mongo.kind} at ${mongo.url}`]
  if (mongo.embedded) {
    lines.push(
      '  data in .data/store/fanfare.mv.db; each acknowledged write is in that file before the reply, so',
      '  killing the store loses none of them (measured: 0 under kill -9); a power cut can lose the last',
      '  writes the OS had not flushed yet. This store is for trying Fanfare on one machine:',
    )
  } else lines.push('  data in .data/; this local store is for trying Fanfare on one machine:')
  lines.push('  production belongs on MongoDB 7+ (`docker compose up -d mongo`, then set MONGODB_URI).')
  return lines
}

async function start() {
  const { startMongo, startRedis, freePort } = await import('./services.mjs')
  loadDotEnv()
  mkdirSync(dataDir, { recursive: true })
  const env = { ...process.env }
  const stops = []
  const secrets = localSecrets()
  for (const [key, value] of Object.entries(secrets)) env[key] ??= value
  env.PORT ??= '3000'
  env.NODE_ENV ??= 'development'
  env.PUBLIC_URL ||= `http://localhost:${env.PORT}`

  if (!env.REDIS_URL) {
    const redis = await startRedis({ dataDir: join(dataDir, 'redis'), persistent: true, log: say })
    stops.push(redis.stop)
    env.REDIS_URL = redis.url
    say(`Redis: local redis-server at ${redis.url} (data in .data/redis)`)
  } else say('Redis: REDIS_URL from the environment')

  if (!env.MONGODB_URI) {
    const mongo = await startMongo({ dataDir, durable: true, log: say })
    stops.push(mongo.stop)
    env.MONGODB_URI = `${mongo.url}/fanfare`
    for (const line of storeNotice(mongo)) say(line)
  } else say('MongoDB: MONGODB_URI from the environment')

  const children = []
  // The processes' ids, for anyone (or any test) who wants to see the supervisor at work.
  // After the launch, once the child is in the list.
  const recordPids = () =>
    setImmediate(() =>
      writeFileSync(
        join(dataDir, 'processes.json'),
        JSON.stringify(
          Object.fromEntries([['bootstrap', process.pid], ...children.map((c) => [c.name, c.pid()])]),
        ),
      ),
    )
  const publicUrl = env.PUBLIC_URL
  const useSandbox = !env.GRAPH_BASE_URL
  if (useSandbox) {
    const port = env.SANDBOX_PORT ?? String(await freePort())
    const sandboxUrl = `http://localhost:${port}`
    env.FACEBOOK_APP_ID ??= '100200300400500'
    env.GRAPH_BASE_URL = sandboxUrl
    env.FACEBOOK_DIALOG_URL = sandboxUrl
    const sandboxEnv = {
      ...env,
      SANDBOX_PORT: port,
      SANDBOX_HOST: '127.0.0.1',
      SANDBOX_WEBHOOK_URL: `${publicUrl}/webhooks/facebook`,
      SANDBOX_STATE_FILE: join(dataDir, 'sandbox-state.json'),
    }
    children.push(supervise('sandbox', 'sandbox/server.ts', sandboxEnv, recordPids))
    say(`Graph API: the sandbox Graph server at ${sandboxUrl} (demo page "Demo Webshop")`)
  } else say(`Graph API: ${env.GRAPH_BASE_URL}`)

  // No shop configured: the sandbox shop stands in for Shopify and WooCommerce, and the web server
  // connects its demo store (SHOP_SANDBOX_URL), so a newcomer sees orders beside the comments.
  if (!env.SHOPIFY_ADMIN_URL && !env.SHOP_SANDBOX_URL && env.SHOP_SANDBOX !== 'false') {
    const port = env.SHOP_SANDBOX_PORT ?? String(await freePort())
    const shopUrl = `http://127.0.0.1:${port}`
    env.SHOPIFY_ADMIN_URL = shopUrl
    env.SHOP_SANDBOX_URL = shopUrl
    children.push(
      supervise(
        'shop',
        'sandbox/shop/server.ts',
        { ...env, SHOP_SANDBOX_PORT: port, SHOP_SANDBOX_HOST: '127.0.0.1' },
        recordPids,
      ),
    )
    await waitForHttp(`${shopUrl}/__shop/state`, 30_000)
    say(`Shop: the sandbox shop at ${shopUrl} (demo store "Demo Webshop", Shopify and WooCommerce)`)
  } else if (env.SHOPIFY_ADMIN_URL) say(`Shop: Shopify Admin calls go to ${env.SHOPIFY_ADMIN_URL}`)

  say("starting the web server (the first start creates the store's collections and indexes)")
  children.push(supervise('web', 'src/server.ts', env, recordPids))

  let stopping = false
  const stopAll = async (code) => {
    if (stopping) return
    stopping = true
    say('stopping…')
    await Promise.all(children.map((c) => c.stop()))
    for (const stop of stops.reverse()) await stop()
    process.exit(code)
  }
  process.on('SIGINT', () => stopAll(0))
  process.on('SIGTERM', () => stopAll(0))
  await waitForHttp(`http://127.0.0.1:${env.PORT}/healthz`, 60_000)
  // The worker only once the web server has created the collections: two processes creating the same
  // collection at once made the embedded H2 store refuse one of them ("already existed").
  say('starting the worker')
  children.push(supervise('worker', 'jobs/worker.ts', env, recordPids))
  say('')
  say(`Fanfare is running. Open ${publicUrl}`)
  if (useSandbox)
    say('Log in through the sandbox dialog as "Anne de Admin" (demo admin). Ctrl+C stops everything.')
}

async function waitForHttp(url, timeoutMs) {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url)
      if (res.ok) return
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250))
  }
  say(`the web server did not answer ${url} within ${timeoutMs / 1000} s`)
}

async function test(extraArgs) {
  const { ensureCommands } = await import('./services.mjs')
  if (!process.env.REDIS_URL)
    ensureCommands(
      [{ cmd: 'redis-server', apt: 'redis-server', brew: 'redis' }],
      'the job queue (bull on Redis)',
      say,
    )
  // The browser tests drive Debian's Chromium; no test tool downloads a browser of its own.
  if (!process.env.CHROMIUM_PATH)
    ensureCommands([{ cmd: 'chromium', apt: 'chromium', brew: 'chromium' }], 'the browser tests', say)
  say('lint and format check (biome)')
  let status = run('npx', ['biome', 'check', '.'])
  if (status !== 0) process.exit(status)
  say('type check (tsc)')
  status = run('npx', ['tsc', '--noEmit', '-p', '.'])
  if (status !== 0) process.exit(status)
  say('tests (vitest; local Redis and MongoDB-compatible store unless REDIS_URL / MONGODB_URI are set)')
  status = run('npx', ['vitest', 'run', ...extraArgs])
  process.exit(status)
}

checkNode()
ensureDependencies()
const [command, ...rest] = process.argv.slice(2)
if (command === 'start') {
  start().catch((err) => {
    console.error(`[fanfare] could not start: ${err.message}`)
    process.exit(1)
  })
} else if (command === 'test') {
  test(rest).catch((err) => {
    console.error(`[fanfare] could not run the tests: ${err.message}`)
    process.exit(1)
  })
} else {
  console.error('usage: node scripts/bootstrap.mjs start|test')
  process.exit(2)
}
