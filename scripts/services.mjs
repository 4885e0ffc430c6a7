// Local Redis and MongoDB-compatible store for `npm start` and `npm test` when no URL is configured.
// Plain Node (no dependencies needed before `npm install`), shared by bootstrap.mjs, the test set-up
// and the benchmarks.
import { spawn, spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs'
import { createConnection, createServer } from 'node:net'
import { homedir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The embedded store's launcher and the pom that pins its JARs. */
const STORE_SOURCES = join(dirname(fileURLToPath(import.meta.url)), 'store')

export const cacheDir = () =>
  process.env.FANFARE_CACHE_DIR ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'fanfare')

/** A TCP port nobody listens on right now. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer()
    srv.unref()
    srv.on('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address()
      srv.close(() => resolve(port))
    })
  })
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms))

function onPath(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' }).stdout.trim() || null
}

/** Sends one inline command and resolves with the first reply line, or rejects. */
function probe(port, payload, expect, timeoutMs = 500) {
  return new Promise((resolve, reject) => {
    const socket = createConnection({ port, host: '127.0.0.1' })
    const timer = setTimeout(() => {
      socket.destroy()
      reject(new Error('timeout'))
    }, timeoutMs)
    socket.on('connect', () => (payload ? socket.write(payload) : null))
    socket.on('data', (buf) => {
      clearTimeout(timer)
      socket.destroy()
      expect(buf) ? resolve() : reject(new Error(`unexpected reply ${buf}`))
    })
    socket.on('error', (err) => {
      clearTimeout(timer)
      reject(err)
    })
    if (!payload) {
      socket.on('connect', () => {
        clearTimeout(timer)
        socket.destroy()
        resolve()
      })
    }
  })
}

async function waitFor(check, { child, what, timeoutMs = 20_000, output }) {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    if (child && child.exitCode !== null) {
      throw new Error(`${what} exited with code ${child.exitCode}${output ? `:\n${output()}` : ''}`)
    }
    try {
      await check()
      return
    } catch {
      if (Date.now() > deadline) throw new Error(`${what} did not become ready within ${timeoutMs} ms`)
      await sleep(100)
    }
  }
}

function track(child) {
  let out = ''
  const keep = (d) => {
    out = (out + d).slice(-4000)
  }
  child.stdout?.on('data', keep)
  child.stderr?.on('data', keep)
  return () => out
}

function stopper(child, graceMs = 5000) {
  return () =>
    new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve()
      const kill = setTimeout(() => child.kill('SIGKILL'), graceMs)
      child.once('exit', () => {
        clearTimeout(kill)
        resolve()
      })
      child.kill('SIGTERM')
    })
}

/**
 * Starts Debian's redis-server on a free port with its data in `dataDir`.
 * `persistent` turns on AOF so `npm start` keeps its queue across restarts; tests use throwaway data.
 */
export async function startRedis({ dataDir, persistent = false, port, log = () => {} } = {}) {
  ensureCommands(
    [{ cmd: 'redis-server', apt: 'redis-server', brew: 'redis' }],
    'the job queue (bull on Redis)',
    log,
  )
  const bin = onPath('redis-server')
  mkdirSync(dataDir, { recursive: true })
  const chosen = port ?? (await freePort())
  const args = ['--port', String(chosen), '--bind', '127.0.0.1', '--dir', dataDir, '--save', '']
  args.push('--appendonly', persistent ? 'yes' : 'no', '--daemonize', 'no', '--protected-mode', 'yes')
  const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] })
  const output = track(child)
  await waitFor(() => probe(chosen, 'PING\r\n', (b) => b.toString().startsWith('+PONG')), {
    child,
    what: 'redis-server',
    output,
  })
  return {
    url: `redis://127.0.0.1:${chosen}`,
    port: chosen,
    kind: 'redis-server',
    child,
    stop: stopper(child),
  }
}

async function startMongod(bin, dataDir) {
  const port = await freePort()
  const dbPath = join(dataDir, 'mongod')
  mkdirSync(dbPath, { recursive: true })
  const child = spawn(
    bin,
    ['--dbpath', dbPath, '--port', String(port), '--bind_ip', '127.0.0.1', '--quiet'],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  const output = track(child)
  await waitFor(() => probe(port, null, () => true), { child, what: 'mongod', output })
  return { url: `mongodb://127.0.0.1:${port}`, kind: 'mongod', stop: stopper(child) }
}

async function canResolve(host, timeoutMs = 3000) {
  const { lookup } = await import('node:dns/promises')
  return Promise.race([
    lookup(host).then(
      () => true,
      () => false,
    ),
    sleep(timeoutMs).then(() => false),
  ])
}

async function startMemoryServer(dataDir, timeoutMs) {
  // Without internet it may still use a mongod it downloaded before, but must not try to fetch one.
  if (!(await canResolve('fastdl.mongodb.org'))) process.env.MONGOMS_RUNTIME_DOWNLOAD = 'false'
  const { MongoMemoryServer } = await import('mongodb-memory-server-core')
  const dbPath = join(dataDir, 'mongodb-memory-server')
  mkdirSync(dbPath, { recursive: true })
  let timer
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no mongod binary within ${timeoutMs} ms`)), timeoutMs)
  })
  // The library prints its whole stack trace on failure; we report one line ourselves instead.
  const { warn, error } = console
  console.warn = () => {}
  console.error = () => {}
  try {
    const server = await Promise.race([
      MongoMemoryServer.create({ instance: { dbPath, storageEngine: 'wiredTiger', ip: '127.0.0.1' } }),
      timeout,
    ])
    return {
      url: server.getUri().replace(/\/$/, ''),
      kind: 'mongodb-memory-server',
      stop: () => server.stop(),
    }
  } finally {
    console.warn = warn
    console.error = error
    clearTimeout(timer)
  }
}

/** How this machine can install Debian packages without a question: as root, or passwordless sudo. */
function aptRunner() {
  if (!existsSync('/etc/debian_version') || !onPath('apt-get')) return null
  if (process.getuid?.() === 0) return []
  if (onPath('sudo') && spawnSync('sudo', ['-n', 'true']).status === 0) return ['sudo', '-n']
  return null
}

let aptUpdated = false

/**
 * Makes sure the commands exist, installing their Debian packages when this machine lets us
 * (root or passwordless sudo on Debian/Ubuntu), with one line saying what and why. Anywhere else it
 * stops with the exact command for that system.
 * `needs`: [{ cmd, apt, brew }], `why`: what they are for.
 */
export function ensureCommands(needs, why, log = () => {}) {
  const missing = () => needs.filter((n) => !onPath(n.cmd))
  if (missing().length === 0) return
  const apt = [...new Set(missing().map((n) => n.apt))]
  const brew = [
    ...new Set(
      missing()
        .map((n) => n.brew)
        .filter(Boolean),
    ),
  ]
  const hint = `Debian/Ubuntu: sudo apt-get install ${apt.join(' ')}${brew.length ? `; macOS: brew install ${brew.join(' ')}` : ''}`
  const runner = aptRunner()
  const names = missing()
    .map((n) => n.cmd)
    .join(', ')
  if (!runner) throw new Error(`${names} is missing (for ${why}). Install it (${hint}).`)
  log(`installing ${apt.join(' ')} with apt-get (once), for ${why}: ${names} is missing`)
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
  const steps = [
    ...(aptUpdated ? [] : [['update', '-qq']]),
    ['install', '-y', '-qq', '--no-install-recommends', ...apt],
  ]
  for (const args of steps) {
    const [cmd, ...rest] = [...runner, 'apt-get', ...args]
    const res = spawnSync(cmd, rest, { env, encoding: 'utf8' })
    if (res.status !== 0) throw new Error(`apt-get ${args[0]} failed (${hint}): ${res.stderr || res.stdout}`)
    if (args[0] === 'update') aptUpdated = true
  }
  if (missing().length)
    throw new Error(
      `still missing after apt-get: ${missing()
        .map((n) => n.cmd)
        .join(', ')}`,
    )
}

/** The embedded store needs a JDK (java, javac) and Maven. */
function ensureJdkAndMaven(log) {
  ensureCommands(
    [
      { cmd: 'java', apt: 'default-jdk-headless', brew: 'openjdk' },
      { cmd: 'javac', apt: 'default-jdk-headless', brew: 'openjdk' },
      { cmd: 'mvn', apt: 'maven', brew: 'maven' },
    ],
    'the embedded store (mongo-java-server)',
    log,
  )
}

const shortHash = (...parts) => {
  const hash = createHash('sha256')
  for (const part of parts) hash.update(part)
  return hash.digest('hex').slice(0, 12)
}

/** Fills a cache folder once: builds into a temporary sibling, then renames it into place. */
function buildOnce(dir, build) {
  if (existsSync(dir)) return dir
  mkdirSync(dirname(dir), { recursive: true })
  const tmp = `${dir}.tmp-${process.pid}`
  rmSync(tmp, { recursive: true, force: true })
  mkdirSync(tmp)
  try {
    build(tmp)
    // Rename is atomic: two parallel first runs each build, the first rename wins and the
    // second finds the folder there and drops its own copy.
    renameSync(tmp, dir)
  } catch (err) {
    rmSync(tmp, { recursive: true, force: true })
    if (!existsSync(dir)) throw err
  }
  return dir
}

/** The JARs (fetched once from Maven Central) and the compiled launcher, from the cache folder. */
export function ensureEmbeddedStore(log = () => {}) {
  const pom = readFileSync(join(STORE_SOURCES, 'pom.xml'), 'utf8')
  const source = readFileSync(join(STORE_SOURCES, 'FanfareStore.java'), 'utf8')
  const version = pom.match(/<artifactId>mongo-java-server<\/artifactId>\s*<version>([^<]+)</)?.[1]
  if (!version) throw new Error('scripts/store/pom.xml does not pin mongo-java-server')
  const base = join(cacheDir(), 'store', version)
  const lib = join(base, `lib-${shortHash(pom)}`)
  const classes = join(base, `launcher-${shortHash(pom, source)}`)
  if (!existsSync(lib) || !existsSync(classes) || !onPath('java')) ensureJdkAndMaven(log)
  buildOnce(lib, (out) => {
    log(
      `fetching the store's JARs (mongo-java-server ${version}) from Maven Central (once, ~30 s) into ${lib}`,
    )
    const args = ['-q', '-B', '-f', join(STORE_SOURCES, 'pom.xml'), 'dependency:copy-dependencies']
    const res = spawnSync('mvn', [...args, `-DoutputDirectory=${out}`], { encoding: 'utf8' })
    if (res.status !== 0) throw new Error(`mvn could not fetch the store's JARs: ${res.stdout}${res.stderr}`)
  })
  buildOnce(classes, (out) => {
    log('compiling the store launcher scripts/store/FanfareStore.java (once)')
    const res = spawnSync(
      'javac',
      ['-d', out, '-cp', join(lib, '*'), join(STORE_SOURCES, 'FanfareStore.java')],
      { encoding: 'utf8' },
    )
    if (res.status !== 0) throw new Error(`javac failed: ${res.stdout}${res.stderr}`)
  })
  return { version, classpath: `${join(lib, '*')}:${classes}` }
}

/** Resolves with the port from the launcher's READY line. */
function readyPort(child, output, timeoutMs) {
  return new Promise((resolve, reject) => {
    let buffer = ''
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`the store did not start within ${timeoutMs / 1000} s:\n${output()}`))
    }, timeoutMs)
    const onData = (chunk) => {
      buffer += chunk
      const port = buffer.match(/^READY port=(\d+)/m)?.[1]
      if (!port) return
      clearTimeout(timer)
      child.stdout.off('data', onData)
      resolve(Number(port))
    }
    child.stdout.on('data', onData)
    child.once('error', (err) => {
      clearTimeout(timer)
      reject(err)
    })
    child.once('exit', (code, signal) => {
      clearTimeout(timer)
      reject(new Error(`the store exited (${signal ?? `code ${code}`}) before it was ready:\n${output()}`))
    })
  })
}

/**
 * Connects with the very driver mongoose uses and asks `hello`. The driver checks the wire version
 * the server reports while connecting; a driver upgrade that raises its minimum must fail here,
 * with a clear reason, and not as a time-out somewhere in the app.
 */
async function checkDriverAccepts(url, version) {
  const { default: mongoose } = await import('mongoose')
  const { MongoClient } = mongoose.mongo
  const client = new MongoClient(url, { directConnection: true, serverSelectionTimeoutMS: 5000 })
  try {
    await client.connect()
    await client.db('admin').command({ hello: 1 })
  } catch (err) {
    const wire = /wire version/i.test(err.message)
    throw new Error(
      wire
        ? [
            `the MongoDB Node.js driver refuses mongo-java-server ${version}: ${err.message}`,
            'The launcher reports MongoDB 4.4 / wire version 9 (REPORTED in scripts/store/FanfareStore.java) because',
            'the library itself reports wire 8; this driver needs more. Raise REPORTED to what the driver needs if',
            'mongo-java-server supports those commands, or keep the driver (mongoose) below that upgrade, or set MONGODB_URI.',
          ].join('\n')
        : `the embedded store does not answer hello: ${err.message}`,
    )
  } finally {
    await client.close()
  }
}

/**
 * mongo-java-server on 127.0.0.1: its memory backend (tests, benchmarks), or with `durable` its H2
 * backend in `<dataDir>/store/fanfare.mv.db`, committing every change before the reply goes back.
 * Heap cap: FANFARE_STORE_HEAP (e.g. 512m), else 256m durable and 4g in memory, where every document
 * lives on the heap (bench:campaigns' 1M-entry draw filled 1g). The JVM only takes what it uses, and
 * exits on running out rather than thrashing.
 */
export async function startEmbeddedStore({ dataDir, durable = false, log = () => {}, extraArgs = [] } = {}) {
  const { version, classpath } = ensureEmbeddedStore(log)
  const heap = process.env.FANFARE_STORE_HEAP ?? (durable ? '256m' : '4g')
  // The serial collector with a small young generation (16 MB): its pauses stay under ~25 ms. With
  // the JVM's default sizing they were 50-80 ms about once a second under webhook load, stopping
  // every client at once (most of the acknowledgements' p99). G1 (10 ms goal) cut those too but cost
  // the scheduler a third of its posts/s and doubled the 1M-entry draw (measured in docs/benchmarks.md).
  const jvm = [`-Xmx${heap}`, '-XX:+UseSerialGC', '-Xmn16m', '-XX:+ExitOnOutOfMemoryError']
  const args = [...jvm, '-cp', classpath, 'FanfareStore', '--port', '0']
  if (durable) {
    const dir = join(dataDir, 'store')
    mkdirSync(dir, { recursive: true })
    args.push('--backend', 'h2', '--file', join(dir, 'fanfare.mv.db'))
  } else args.push('--backend', 'memory')
  args.push(...extraArgs)
  const child = spawn('java', args, { stdio: ['ignore', 'pipe', 'pipe'] })
  const output = track(child)
  // Closing H2 stores what is left and compacts a little; give it time before SIGKILL.
  const stop = stopper(child, durable ? 30_000 : 5000)
  try {
    const port = await readyPort(child, output, 120_000)
    const url = `mongodb://127.0.0.1:${port}`
    await checkDriverAccepts(url, version)
    return {
      url,
      kind: `mongo-java-server ${version} (${durable ? 'H2 file, commits before acknowledging' : 'memory'})`,
      embedded: true,
      durable,
      pid: child.pid,
      stop,
    }
  } catch (err) {
    await stop()
    throw err
  }
}

/**
 * A MongoDB-compatible store, in this order (callers use MONGODB_URI first): mongod on the PATH,
 * mongodb-memory-server (downloads a real mongod; skipped fast without internet), then the embedded
 * mongo-java-server: in memory by default, on an H2 file with `durable` (`npm start`).
 */
export async function startMongo({
  dataDir,
  durable = false,
  log = () => {},
  memoryServerTimeoutMs = 15_000,
} = {}) {
  const tried = []
  const mongod = onPath('mongod')
  if (mongod) {
    try {
      return await startMongod(mongod, dataDir)
    } catch (err) {
      tried.push(`mongod: ${err.message}`)
    }
  } else tried.push('mongod: not on the PATH')
  if (process.env.FANFARE_SKIP_MEMORY_SERVER !== '1') {
    try {
      return await startMemoryServer(dataDir, memoryServerTimeoutMs)
    } catch (err) {
      tried.push(`mongodb-memory-server: ${err.message.split('\n')[0]}`)
    }
  }
  try {
    return await startEmbeddedStore({ dataDir, durable, log })
  } catch (err) {
    tried.push(`mongo-java-server: ${err.message}`)
  }
  throw new Error(
    [
      'No MongoDB-compatible store could be started locally. Tried:',
      ...tried.map((t) => `  - ${t}`),
      'Provide one: set MONGODB_URI=mongodb://… (for example from `docker compose up -d mongo`),',
      'or install mongod, or a JDK and Maven for the embedded store (apt-get install default-jdk-headless maven).',
    ].join('\n'),
  )
}
