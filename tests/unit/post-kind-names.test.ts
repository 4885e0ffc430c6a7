import { describe, expect, it } from 'vitest'
import { translate } from '../../src/i18n/index.js'
import { POST_LABELS } from '../../src/modules/posts/model.js'

describe('names a marketer reads in the Dutch menu and post form', () => {
  it('gives no post kind the name of a menu item ("Actie" next to the menu "Acties")', () => {
    const menu = ['campaigns', 'posts', 'pages', 'team', 'inbox'].map((k) =>
      translate('nl', `nav.${k}`).toLowerCase().replace(/s$/, ''),
    )
    for (const label of POST_LABELS) {
      const name = translate('nl', `posts.labels.${label}`).toLowerCase()
      expect(menu).not.toContain(name)
    }
    expect(translate('nl', 'posts.labels.promotion')).toBe('Aanbieding')
  })
})
