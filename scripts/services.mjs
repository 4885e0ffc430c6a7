// Local Redis and MongoDB-compatible store for `npm start` and `npm test` when no URL is configured.
// Plain Node (no dependencies needed before `npm install`), shared by bootstrap.mjs and the test set-up.
import { spawn, spawnSync } from 'node:child_process'
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import { createConnection, createServer } from 'node:net'
import { homedir, tmpdir } from 'node:os'
import { dirname, join } from 'node:path'

const FERRETDB_MODULE = 'github.com/FerretDB/FerretDB'
const FERRETDB_VERSION = 'v1.24.0'

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

function stopper(child) {
  return () =>
    new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve()
      const kill = setTimeout(() => child.kill('SIGKILL'), 5000)
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
export async function startRedis({ dataDir, persistent = false, port } = {}) {
  const bin = onPath('redis-server')
  if (!bin) {
    throw new Error(
      'redis-server is not installed. Install it (Debian/Ubuntu: apt-get install redis-server, macOS: brew install redis) or set REDIS_URL.',
    )
  }
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

/** Builds FerretDB v1 once into the cache folder (the module lacks its version file, so we add it). */
export function ensureFerretDb(log = () => {}) {
  const binDir = join(cacheDir(), 'bin')
  const bin = join(binDir, 'ferretdb')
  if (existsSync(bin)) return bin
  if (!onPath('go')) throw new Error('Go is not installed, so FerretDB cannot be built')
  log(`building FerretDB ${FERRETDB_VERSION} (once, about a minute) into ${binDir}`)
  const dl = spawnSync('go', ['mod', 'download', '-json', `${FERRETDB_MODULE}@${FERRETDB_VERSION}`], {
    encoding: 'utf8',
    cwd: tmpdir(),
  })
  if (dl.status !== 0) throw new Error(`go mod download failed: ${dl.stderr || dl.stdout}`)
  const { Dir } = JSON.parse(dl.stdout)
  const src = join(tmpdir(), `fanfare-ferretdb-src-${process.pid}`)
  rmSync(src, { recursive: true, force: true })
  cpSync(Dir, src, { recursive: true })
  spawnSync('chmod', ['-R', 'u+w', src])
  writeFileSync(join(src, 'build', 'version', 'version.txt'), `${FERRETDB_VERSION}\n`)
  mkdirSync(binDir, { recursive: true })
  const tmpBin = `${bin}.${process.pid}`
  const build = spawnSync('go', ['build', '-o', tmpBin, './cmd/ferretdb'], { cwd: src, encoding: 'utf8' })
  rmSync(src, { recursive: true, force: true })
  if (build.status !== 0) throw new Error(`building FerretDB failed: ${build.stderr}`)
  chmodSync(tmpBin, 0o755)
  // Rename is atomic, so two parallel first runs never see half a binary.
  spawnSync('mv', ['-f', tmpBin, bin])
  return bin
}

async function startFerretDb(dataDir, log) {
  const dir = join(dataDir, 'ferretdb')
  mkdirSync(dir, { recursive: true })
  const { port, stop } = await spawnFerretDb(ensureFerretDb(log), dir, [
    '--handler=sqlite',
    `--sqlite-url=file:${dir}/`,
  ])
  return { url: `mongodb://127.0.0.1:${port}`, kind: 'FerretDB v1 (SQLite)', stop }
}

/** Runs FerretDB with a backend's flags on a free port until it answers. */
async function spawnFerretDb(bin, dir, backendArgs) {
  const port = await freePort()
  const args = [
    ...backendArgs,
    `--state-dir=${dir}`,
    `--listen-addr=127.0.0.1:${port}`,
    '--debug-addr=-',
    '--telemetry=disable',
    '--log-level=WARN',
  ]
  const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] })
  const output = track(child)
  await waitFor(() => probe(port, null, () => true), { child, what: 'FerretDB', output })
  return { port, stop: stopper(child) }
}

/** PostgreSQL's server binaries: on the PATH, or where Debian's postgresql package puts them. */
function postgresBinDir() {
  // Debian links some tools into /usr/local/bin; the folder they link to holds all of them.
  const initdb = onPath('initdb')
  if (initdb) return dirname(realpathSync(initdb))
  const base = '/usr/lib/postgresql'
  if (!existsSync(base)) return null
  const versions = readdirSync(base).sort((a, b) => Number(b) - Number(a))
  return versions.map((v) => join(base, v, 'bin')).find((dir) => existsSync(join(dir, 'initdb'))) ?? null
}

/**
 * FerretDB v1 on a throwaway PostgreSQL cluster. Its SQLite backend rewrites by scanning the whole
 * collection (measured: 62 single-document updates/s at 2,000 documents), which a benchmark with
 * 10,000 posts cannot use; on PostgreSQL updates go through an index.
 */
async function startFerretDbOnPostgres(dataDir, log) {
  const binDir = postgresBinDir()
  if (!binDir) throw new Error('PostgreSQL is not installed (Debian: apt-get install postgresql)')
  const bin = ensureFerretDb(log)
  // PostgreSQL refuses to run as root; as root, run it as the postgres user the package created, in
  // a folder of its own (the caller's data folder may not be reachable for that user).
  const asUser = process.getuid?.() === 0 ? ['runuser', '-u', 'postgres', '--'] : []
  const dir = asUser.length ? mkdtempSync(join(tmpdir(), 'fanfare-postgresql-')) : join(dataDir, 'postgresql')
  mkdirSync(dir, { recursive: true })
  if (asUser.length) {
    chmodSync(dir, 0o755)
    spawnSync('chown', ['-R', 'postgres', dir])
  }
  const run = (tool, args) => {
    const [cmd, ...rest] = [...asUser, join(binDir, tool), ...args]
    const result = spawnSync(cmd, rest, { encoding: 'utf8' })
    if (result.status !== 0) throw new Error(`${tool} failed: ${result.stderr || result.stdout}`)
  }
  const pgPort = await freePort()
  run('initdb', ['-D', join(dir, 'data'), '-U', 'postgres', '--auth=trust', '--no-sync'])
  const settings = `-p ${pgPort} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off`
  run('pg_ctl', ['-D', join(dir, 'data'), '-o', settings, '-l', join(dir, 'log'), '-w', 'start'])
  const stopPostgres = () => {
    try {
      run('pg_ctl', ['-D', join(dir, 'data'), '-m', 'fast', '-w', 'stop'])
    } catch {
      // already stopped
    }
    if (asUser.length) rmSync(dir, { recursive: true, force: true })
  }
  try {
    run('psql', ['-h', '127.0.0.1', '-p', String(pgPort), '-U', 'postgres', '-c', 'CREATE DATABASE ferretdb'])
    const { port, stop: stopFerret } = await spawnFerretDb(bin, dir, [
      '--handler=postgresql',
      `--postgresql-url=postgres://postgres@127.0.0.1:${pgPort}/ferretdb`,
    ])
    return {
      url: `mongodb://127.0.0.1:${port}`,
      kind: 'FerretDB v1 (PostgreSQL)',
      stop: async () => {
        await stopFerret()
        stopPostgres()
      },
    }
  } catch (err) {
    stopPostgres()
    throw err
  }
}

/**
 * A local MongoDB-compatible store, in this order: mongod on the PATH, mongodb-memory-server
 * (downloads a real mongod; fails fast without internet), FerretDB v1 on PostgreSQL when asked for
 * (`preferPostgres`, for benchmarks) and installed, FerretDB v1 with SQLite.
 */
export async function startMongo({
  dataDir,
  log = () => {},
  memoryServerTimeoutMs = 15_000,
  preferPostgres = false,
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
  if (preferPostgres) {
    try {
      return await startFerretDbOnPostgres(dataDir, log)
    } catch (err) {
      tried.push(`FerretDB on PostgreSQL: ${err.message.split('\n')[0]}`)
      log(`FerretDB on PostgreSQL unavailable (${err.message.split('\n')[0]}); trying the others`)
    }
  }
  try {
    return await startFerretDb(dataDir, log)
  } catch (err) {
    tried.push(`FerretDB: ${err.message.split('\n')[0]}`)
  }
  throw new Error(
    [
      'No MongoDB-compatible store could be started locally. Tried:',
      ...tried.map((t) => `  - ${t}`),
      'Provide one: set MONGODB_URI=mongodb://… (for example from `docker compose up -d mongo`),',
      'or install mongod, or install Go so FerretDB can be built.',
    ].join('\n'),
  )
}
