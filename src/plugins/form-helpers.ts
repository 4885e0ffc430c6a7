// Handlebars helpers of the one form pattern: a field's id, name, value, error and ARIA wiring, all
// from its path (`rulesNl`, `questions.0.options.2.labelEn`), so every form files errors the same way.
import type Handlebars from 'handlebars'
import { fieldIdOf } from '../form-errors.js'

type Root = { values?: Record<string, unknown>; errors?: Record<string, string> }

const rootOf = (options: Handlebars.HelperOptions) => (options.data?.root ?? {}) as Root

/** Helpers take a path built in the template from parts: `(path "questions" @index "textNl")`. */
const pathOf = (parts: unknown[]) => parts.filter((p) => p !== undefined && p !== '').join('.')

/** `questions.0.textNl` → `f-questions-0-textNl`: the id the error summary links to. */
const fieldId = fieldIdOf

/** `questions.0.textNl` → `questions[0][textNl]`, which the form body parser nests back. */
export const fieldName = (path: string) =>
  path
    .split('.')
    .map((part, i) => (i === 0 ? part : `[${part}]`))
    .join('')

export function valueAt(values: unknown, path: string): unknown {
  let here: unknown = values
  for (const part of path.split('.')) {
    if (here === null || typeof here !== 'object') return undefined
    here = (here as Record<string, unknown>)[part]
  }
  return here
}

export function registerFormHelpers(hbs: typeof Handlebars) {
  const esc = hbs.Utils.escapeExpression
  const error = (path: string, options: Handlebars.HelperOptions) => rootOf(options).errors?.[path]

  hbs.registerHelper('field-path', (...args: unknown[]) => pathOf(args.slice(0, -1)))
  hbs.registerHelper('field-id', (path: string) => fieldId(path))
  hbs.registerHelper('field-name', (path: string) => fieldName(path))
  hbs.registerHelper('field-value', (path: string, options: Handlebars.HelperOptions) => {
    const value = valueAt(rootOf(options).values, path)
    return value === undefined || value === null || typeof value === 'object' ? '' : String(value)
  })
  hbs.registerHelper('has-error', (path: string, options: Handlebars.HelperOptions) =>
    Boolean(error(path, options)),
  )
  // ` aria-invalid="true" aria-describedby="…-error …-help …-check"`: the error first, then the
  // help text and the live check when the field has them (`help=… check=…`).
  hbs.registerHelper('field-aria', (path: string, options: Handlebars.HelperOptions) => {
    const id = fieldId(path)
    const invalid = Boolean(error(path, options))
    const described = [
      invalid ? `${id}-error` : '',
      options.hash?.help ? `${id}-help` : '',
      options.hash?.check ? `${id}-check` : '',
    ].filter(Boolean)
    const attrs = [
      invalid ? ' aria-invalid="true"' : '',
      described.length ? ` aria-describedby="${esc(described.join(' '))}"` : '',
    ]
    return new hbs.SafeString(attrs.join(''))
  })
  hbs.registerHelper('field-error', (path: string, options: Handlebars.HelperOptions) => {
    const message = error(path, options)
    if (!message) return ''
    return new hbs.SafeString(`<p class="field-error" id="${esc(fieldId(path))}-error">${esc(message)}</p>`)
  })
  // A bilingual text left empty in `lang` while the other language has it: fans will read the other.
  hbs.registerHelper('falls-back', (name: string, lang: 'Nl' | 'En', options: Handlebars.HelperOptions) => {
    const values = rootOf(options).values
    const mine = valueAt(values, `${name}${lang}`)
    const theirs = valueAt(values, `${name}${lang === 'Nl' ? 'En' : 'Nl'}`)
    return !mine && Boolean(theirs)
  })
}
