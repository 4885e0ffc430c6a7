// OpenAPI 3 generated from the routes' zod schemas, served at /docs/json with Swagger UI at /docs.
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import fp from 'fastify-plugin'
import { jsonSchemaTransform } from 'fastify-type-provider-zod'

export default fp(
  async (app) => {
    await app.register(swagger, {
      openapi: {
        openapi: '3.0.3',
        info: {
          title: 'Fanfare API',
          description:
            'JSON API of Fanfare. Authenticate with a personal API token: `Authorization: Bearer <token>`.',
          version: '0.1.0',
        },
        servers: [{ url: app.config.publicUrl }],
        components: {
          securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer' } },
        },
      },
      transform: jsonSchemaTransform,
      // Only the JSON API is documented; HTML pages and fan flows are not part of it.
      hideUntagged: true,
    })
    await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: true })
  },
  { name: 'openapi', dependencies: ['store'] },
)
