// How much CPU a 1,000-row CSV import costs in the web process: parsing and row validation, time
// resolution and every posting rule (near repeats included) — against, as the same-run ceiling,
// parsing and row validation alone.
// Usage: npm run bench:import [-- --rows N]
// Last line: {"bench":"import","rows":…,"accepted":…,"cpu_ms":…,"parse_cpu_ms":…,"rules_cpu_ms":…,"ratio":…}
import { parseArgs } from 'node:util'
import { DateTime } from 'luxon'
import { readCsv } from '../src/modules/posts/import.js'
import { checkInOrder, type PlannedPost, type PostingRules } from '../src/modules/posts/rules.js'
import { plannableTime } from '../src/modules/posts/schedule-time.js'
import { ImportRow } from '../src/modules/posts/schemas.js'

const { values: args } = parseArgs({ options: { rows: { type: 'string', default: '1000' } } })
const ROWS = Number(args.rows)
const ZONE = 'Europe/Amsterdam'
const WORDS =
  'nieuwe collectie zomer jas korting winkel levering gratis vandaag morgen week actie bestel online voorraad kleur maat tip klant review blog video foto team verhaal duurzaam'.split(
    ' ',
  )

/** Deterministic pseudo-random numbers, so every run imports the same file. */
let seed = 42
const random = () => {
  seed = (seed * 1103515245 + 12345) % 2 ** 31
  return seed / 2 ** 31
}
const sentence = (words: number) =>
  Array.from({ length: words }, () => WORDS[Math.floor(random() * WORDS.length)]).join(' ')

function file(rows: number): string {
  const start = DateTime.now().setZone(ZONE).plus({ days: 1 }).startOf('day')
  const lines = ['page,time,text,label']
  const texts: string[] = []
  for (let i = 0; i < rows; i++) {
    // One row in ten nearly repeats an earlier one: the near-repeat check has real work to do.
    const earlier = texts[Math.floor(random() * texts.length)]
    const text = i > 0 && i % 10 === 0 && earlier ? `${earlier} !` : sentence(20 + Math.floor(random() * 40))
    texts.push(text)
    const at = start.plus({ minutes: Math.floor(random() * 28 * 24 * 60) }).toFormat("yyyy-MM-dd'T'HH:mm")
    lines.push(`Demo Webshop,${at},"${text}",${random() < 0.2 ? 'promotion' : 'news'}`)
  }
  return lines.join('\n')
}

// Generous caps: nearly every row is accepted, so the plan grows to the whole file (the worst case).
const rules: PostingRules = {
  timeZone: ZONE,
  maxPostsPerDay: 100,
  maxPromoPostsPerWeek: 100,
  minNonPromoSharePercent: 0,
  minGapMinutes: 1,
  quietHours: { start: '23:00', end: '06:00' },
}

function cpuMs(run: () => void): number {
  const before = process.cpuUsage()
  run()
  const used = process.cpuUsage(before)
  return (used.user + used.system) / 1000
}

const csv = file(ROWS)
let parsed: Array<{ time: string; text: string; label: PlannedPost['label'] }> = []
const parseCpu = cpuMs(() => {
  parsed = readCsv(csv).flatMap((r) => {
    const row = ImportRow.safeParse(r)
    return row.success ? [row.data] : []
  })
})
let accepted = 0
const fullCpu = cpuMs(() => {
  const rows = readCsv(csv).flatMap((r) => {
    const row = ImportRow.safeParse(r)
    return row.success ? [row.data] : []
  })
  const candidates = rows.flatMap((row, i) => {
    const time = plannableTime(row.time, ZONE, 60)
    return 'at' in time ? [{ id: `row-${i}`, at: time.at, label: row.label, message: row.text }] : []
  })
  const checks = checkInOrder(candidates, [], rules, (_c, check) => check.violations.length === 0)
  accepted = checks.filter((c) => c.violations.length === 0).length
})
if (parsed.length !== ROWS) throw new Error(`only ${parsed.length} of ${ROWS} rows parsed`)
console.log(
  JSON.stringify({
    bench: 'import',
    rows: ROWS,
    accepted,
    cpu_ms: Math.round(fullCpu),
    parse_cpu_ms: Math.round(parseCpu),
    rules_cpu_ms: Math.round(fullCpu - parseCpu),
    ratio: Math.round((fullCpu / parseCpu) * 100) / 100,
  }),
)
