// Request parameters as Graph reads them: query string and body merged into strings, plus parsers
// for booleans, times, limits and the `fields` list.
import { invalidParameter } from './errors.js'

export type Params = Record<string, string>

/** Merges query and body (form or JSON); body wins, like Graph. Non-string JSON values are stringified. */
export function collectParams(query: unknown, body: unknown): Params {
  const params: Params = {}
  for (const source of [query, body]) {
    if (!source || typeof source !== 'object') continue
    for (const [key, value] of Object.entries(source as Record<string, unknown>)) {
      if (value === undefined || value === null) continue
      if (Array.isArray(value)) params[key] = value.map(String).join(',')
      else params[key] = typeof value === 'object' ? JSON.stringify(value) : String(value)
    }
  }
  return params
}

export function parseBoolean(params: Params, name: string, fallback: boolean): boolean {
  const raw = params[name]
  if (raw === undefined || raw === '') return fallback
  if (raw === 'true' || raw === '1') return true
  if (raw === 'false' || raw === '0') return false
  throw invalidParameter(`Param ${name} must be a boolean`)
}

/** Unix seconds from unix seconds (string) or an ISO 8601 string. */
export function parseTime(params: Params, name: string): number | undefined {
  const raw = params[name]
  if (raw === undefined || raw === '') return undefined
  if (/^\d+$/.test(raw)) return Number(raw)
  const ms = Date.parse(raw)
  if (Number.isNaN(ms))
    throw invalidParameter(`Param ${name} must be a valid unix timestamp or ISO 8601 time`)
  return Math.floor(ms / 1000)
}

export function parseLimit(params: Params, fallback = 25, max = 100): number {
  const raw = params.limit
  if (raw === undefined || raw === '') return fallback
  const limit = Number(raw)
  if (!Number.isInteger(limit) || limit < 0)
    throw invalidParameter('Param limit must be a non-negative integer')
  return Math.min(limit, max)
}

export interface FieldRequest {
  name: string
  /** what followed the name: `.summary(true).limit(0)` or `{id,name}` */
  modifiers: string
}

/** Splits `a,b.summary(true),c{x,y}` at top-level commas. */
export function parseFields(raw: string | undefined): FieldRequest[] | undefined {
  if (raw === undefined || raw.trim() === '') return undefined
  const fields: FieldRequest[] = []
  let depth = 0
  let current = ''
  for (const char of raw) {
    if (char === '{' || char === '(') depth += 1
    if (char === '}' || char === ')') depth -= 1
    if (char === ',' && depth === 0) {
      pushField(fields, current)
      current = ''
    } else current += char
  }
  pushField(fields, current)
  return fields
}

function pushField(fields: FieldRequest[], text: string): void {
  const trimmed = text.trim()
  if (!trimmed) return
  const match = /^([a-z_0-9]+)(.*)$/i.exec(trimmed)
  if (!match)
    throw invalidParameter(`Syntax error "Expected end of string instead of "${trimmed}"." at character 0`)
  fields.push({ name: match[1] as string, modifiers: match[2] ?? '' })
}

export function wantsSummary(modifiers: string): boolean {
  return /\.summary\(\s*(true|1)\s*\)/.test(modifiers)
}
