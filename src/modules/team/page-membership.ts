// Which pages a member works on: their Facebook role on each page, corrected by an admin's choice.

export type PageMembership = {
  pagesOnFacebook: string[]
  pagesGranted: string[]
  pagesWithheld: string[]
}

const unique = (ids: Iterable<string>) => [...new Set(ids)].sort()

/** The pages the member works on: Facebook's answer plus what an admin granted, minus what they withheld. */
export function pagesOf(m: PageMembership): string[] {
  const withheld = new Set(m.pagesWithheld)
  return unique([...m.pagesOnFacebook, ...m.pagesGranted].filter((id) => !withheld.has(id)))
}

/**
 * An admin chose exactly `chosen` among `connected`: what differs from the Facebook role is kept as a
 * grant or a withholding, so a later login (which refreshes pagesOnFacebook) does not undo the choice
 * while a page connected later still follows the person's Facebook role.
 */
export function choosePages(m: PageMembership, chosen: string[], connected: string[]): PageMembership {
  const want = new Set(chosen)
  const onFacebook = new Set(m.pagesOnFacebook)
  const decided = new Set(connected)
  return {
    pagesOnFacebook: m.pagesOnFacebook,
    pagesGranted: unique([
      ...m.pagesGranted.filter((id) => !decided.has(id)),
      ...chosen.filter((id) => !onFacebook.has(id)),
    ]),
    pagesWithheld: unique([
      ...m.pagesWithheld.filter((id) => !decided.has(id)),
      ...connected.filter((id) => !want.has(id)),
    ]),
  }
}
