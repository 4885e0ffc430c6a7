// One CSV cell for every export (barometer, public entry list, contact export): RFC 4180 quoting, and
// text a spreadsheet would run as a formula neutralised the same way everywhere.

/** Text starting like a formula (=, +, -, @) or with a TAB or CR that spreadsheets skip before one. */
const FORMULA_START = /^[=+\-@\t\r]/

/**
 * A value as one CSV cell. Numbers are written as they are (a negative count is not a formula); any
 * other text that could start a formula gets a leading apostrophe, and a cell with a quote, comma or
 * line break is quoted.
 */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return ''
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : ''
  const text = String(value)
  const safe = FORMULA_START.test(text) ? `'${text}` : text
  return /[",\n\r]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe
}

/** A Fanfare-made identifier: letters, digits, '_' and '-' (entry numbers are base64url). */
const TOKEN = /^[A-Za-z0-9_-]{1,200}$/

/**
 * An identifier Fanfare generated, such as an entry number, written verbatim so it matches byte for
 * byte in every export and anyone can recompute a draw from the public list (a leading '-' is part of
 * the number, not a formula a person typed). Anything else is an ordinary cell.
 */
export function csvToken(value: string): string {
  return TOKEN.test(value) ? value : csvCell(value)
}

/** One CSV line (without its line break). */
export const csvRow = (values: readonly unknown[]): string => values.map(csvCell).join(',')
