// Kit pages: marketers list, make, edit, archive and restore kits and read every person's figures; an
// ambassador lands on their kits, copies a text and shares it through Facebook's Share Dialog.
import type { FastifyRequest } from 'fastify'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import type { FormSpec } from '../../form-errors.js'
import { IdParams } from '../../schemas/common.js'
import { enforcePageScope } from '../pages/page-scope.js'
import type { Member } from '../team/service.js'
import { kitFormValues } from './present.js'
import type { Kit } from './repository.js'
import { KitBody, KitEditBody } from './schemas.js'
import { kitView, shareView } from './views.js'

const marketers = { access: ['admin', 'marketer'] as const }
const readers = { access: ['admin', 'marketer', 'ambassador'] as const }
const ambassadors = { access: ['ambassador'] as const }

const LABELS = {
  pageId: 'kits.page',
  title: 'kits.title',
  textNl: 'kits.textNl',
  textEn: 'kits.textEn',
  link: 'kits.link',
  imageUrl: 'kits.imageUrl',
  disclosureHashtag: 'kits.disclosureHashtag',
  disclosureNl: 'kits.disclosureNl',
  disclosureEn: 'kits.disclosureEn',
  sharesPerDay: 'kits.sharesPerDay',
}

const kitRoutes: FastifyPluginAsyncZod = async (app) => {
  const { kits } = app
  enforcePageScope(app, { pageOf: (id) => kits.pageOf(id), notFound: 'kits.notFound' })
  const isAmbassador = (request: FastifyRequest) => request.user?.role === 'ambassador'
  const me = (request: FastifyRequest) => request.user as Member

  // A refused form is rendered before the page-scope hook ran (validation comes first): read the scope here.
  const formModel = async (request: FastifyRequest, kit: Kit | null) => ({
    title: kit ? 'kits.editTitle' : 'kits.newTitle',
    kit: kit ? { id: kit.id, title: kit.title } : null,
    action: kit ? `/kits/${kit.id}` : '/kits',
    pages: (await app.pages.scopeFor(me(request))).pages.map((p) => ({ id: p.id, name: p.name })),
  })
  const newForm: FormSpec = {
    labels: LABELS,
    render: async (request) => ({ template: 'kits/form', model: await formModel(request, null) }),
  }
  const editForm: FormSpec = {
    labels: LABELS,
    render: async (request) => {
      const kit = await kits.find((request.params as { id: string }).id)
      return { template: 'kits/form', model: await formModel(request, kit) }
    },
  }
  // A refused share (quiet hours, cap) shows the kit page again with the reason.
  const shareForm: FormSpec = {
    labels: {},
    render: async (request) => {
      const kit = await kits.findActive((request.params as { id: string }).id)
      return { template: 'kits/share', model: await shareView(app, kit, me(request), request.locale) }
    },
  }

  app.get('/kits', { config: readers }, async (request, reply) => {
    const scope = request.pageScope
    const pageIds = scope.all ? null : scope.ids
    const names = new Map(scope.pages.map((p) => [p.id, p.name]))
    if (isAmbassador(request)) {
      const list = await kits.list(pageIds, 'active')
      return reply.page('kits/mine', {
        title: 'nav.kits',
        kits: list.map((k) => ({
          id: k.id,
          title: k.title,
          page: names.get(k.pageId) ?? '',
          imageUrl: k.imageUrl,
        })),
      })
    }
    const list = await kits.list(pageIds)
    const rows = await Promise.all(
      list.map(async (k) => ({
        ...(await kitView(kits, k, request.locale)),
        page: names.get(k.pageId) ?? '',
      })),
    )
    return reply.page('kits/index', { title: 'nav.kits', kits: rows, canCreate: scope.pages.length > 0 })
  })

  app.get('/kits/new', { config: marketers }, async (request, reply) =>
    reply.page('kits/form', { ...(await formModel(request, null)), values: { sharesPerDay: 3 } }),
  )

  app.post(
    '/kits',
    { config: { ...marketers, form: newForm }, schema: { body: KitBody } },
    async (request, reply) => {
      const kit = await kits.create(request.actor, request.body)
      return reply.done(`/kits/${kit.id}`, 'kits.created', { title: kit.title })
    },
  )

  app.get('/kits/:id', { config: readers, schema: { params: IdParams } }, async (request, reply) => {
    if (isAmbassador(request)) {
      const kit = await kits.findActive(request.params.id)
      return reply.page('kits/share', await shareView(app, kit, me(request), request.locale))
    }
    const kit = await kits.find(request.params.id)
    const page = await app.pages.find(kit.pageId)
    return reply.page('kits/show', {
      title: 'nav.kits',
      ...(await kitView(kits, kit, request.locale, page.name)),
    })
  })

  app.get('/kits/:id/edit', { config: marketers, schema: { params: IdParams } }, async (request, reply) => {
    const kit = await kits.findActive(request.params.id)
    return reply.page('kits/form', { ...(await formModel(request, kit)), values: kitFormValues(kit) })
  })

  app.post(
    '/kits/:id',
    { config: { ...marketers, form: editForm }, schema: { params: IdParams, body: KitEditBody } },
    async (request, reply) => {
      const kit = await kits.update(request.actor, request.params.id, request.body)
      return reply.done(`/kits/${kit.id}`, 'kits.edited', { title: kit.title })
    },
  )

  app.post(
    '/kits/:id/archive',
    { config: marketers, schema: { params: IdParams } },
    async (request, reply) => {
      await kits.archive(request.actor, request.params.id)
      return reply.done('/kits', 'kits.archived')
    },
  )

  app.post(
    '/kits/:id/restore',
    { config: marketers, schema: { params: IdParams } },
    async (request, reply) => {
      await kits.restore(request.actor, request.params.id)
      return reply.done(`/kits/${request.params.id}`, 'kits.restored')
    },
  )

  // The share intent is counted here, then the person goes on to Facebook's Share Dialog.
  app.post(
    '/kits/:id/share',
    { config: { ...ambassadors, form: shareForm }, schema: { params: IdParams } },
    async (request, reply) => {
      const shared = await kits.share(me(request).id, request.params.id)
      return reply.redirect(shared.dialogUrl, 303)
    },
  )
}

export default kitRoutes
