// Submitting an HTML form as a person would (CSRF token from the page it sits on, in a chosen
// language) and reading the one form pattern's answer: the field marked, its error beside it, the
// summary linking to it.
import { expect } from 'vitest'
import { type Browser, csrfFrom } from './fanfare.js'

export async function submitForm(
  browser: Browser,
  form: { action: string; from: string; fields: Record<string, string>; language?: 'nl' | 'en' },
) {
  const csrf = await csrfFrom(browser, form.from)
  return browser
    .post(form.action)
    .type('form')
    .set('accept-language', form.language ?? 'nl')
    .send({ _csrf: csrf, ...form.fields })
}

/** The field is invalid, its error sits next to it, and the summary links to it (by label and message when given). */
export function expectInlineError(
  html: string,
  field: string,
  shown?: { label: string; message: string },
): void {
  expect(html).toMatch(new RegExp(`id="f-${field}"[^>]*aria-invalid="true"`))
  if (!shown) {
    expect(html).toContain(`href="#f-${field}"`)
    expect(html).toContain(`id="f-${field}-error"`)
    return
  }
  expect(html).toMatch(new RegExp(`<a href="#f-${field}">${shown.label}</a>: ${shown.message}`))
  expect(html).toContain(`<p class="field-error" id="f-${field}-error">${shown.message}</p>`)
}
