// `npm start` and `npm test` on a fresh clone: install what is missing, provision local services
// when no URL is configured, then start everything (start) or run the checks and the suite (test).
import { spawn, spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const dataDir = join(root, '.data')
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
  say('installing dependencies')
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

function startChild(name, script, env) {
  const child = spawn(process.execPath, ['--import', 'tsx', script], { cwd: root, env, stdio: 'inherit' })
  child.name = name
  return child
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

  if (!env.REDIS_URL) {
    const redis = await startRedis({ dataDir: join(dataDir, 'redis'), persistent: true })
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
  const publicUrl = env.PUBLIC_URL ?? `http://localhost:${env.PORT}`
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
    children.push(startChild('sandbox', 'sandbox/server.ts', sandboxEnv))
    say(`Graph API: the sandbox Graph server at ${sandboxUrl} (demo page "Demo Webshop")`)
  } else say(`Graph API: ${env.GRAPH_BASE_URL}`)

  children.push(startChild('web', 'src/server.ts', env))
  children.push(startChild('worker', 'jobs/worker.ts', env))

  let stopping = false
  const stopAll = async (code) => {
    if (stopping) return
    stopping = true
    say('stopping…')
    await Promise.all(
      children.map(
        (c) =>
          new Promise((resolve) => {
            if (c.exitCode !== null || c.signalCode !== null) return resolve()
            c.once('exit', resolve)
            c.kill('SIGTERM')
          }),
      ),
    )
    for (const stop of stops.reverse()) await stop()
    process.exit(code)
  }
  for (const child of children) {
    child.on('exit', (code, signal) => {
      if (stopping) return
      say(`${child.name} stopped (${signal ?? `exit code ${code}`}); stopping the rest`)
      stopAll(code || 1)
    })
  }
  process.on('SIGINT', () => stopAll(0))
  process.on('SIGTERM', () => stopAll(0))

  await waitForHttp(`http://127.0.0.1:${env.PORT}/healthz`, 60_000)
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

function test(extraArgs) {
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
  test(rest)
} else {
  console.error('usage: node scripts/bootstrap.mjs start|test')
  process.exit(2)
}
