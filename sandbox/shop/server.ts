// Entry point of the sandbox shop: reads its environment, starts, closes on signals.
import { z } from 'zod'
import { startShopSandbox } from './app.js'

const Env = z.object({
  SHOP_SANDBOX_PORT: z.coerce.number().int().min(0).max(65535).default(3200),
  SHOP_SANDBOX_HOST: z.string().min(1).default('127.0.0.1'),
  /** where the sandbox shop delivers Shopify webhooks (Fanfare's /webhooks/shop/{connection id}) */
  SHOP_SANDBOX_SHOPIFY_WEBHOOK_URL: z.url().optional(),
  SHOP_SANDBOX_WOO_WEBHOOK_URL: z.url().optional(),
  SHOP_SANDBOX_WOO_WEBHOOK_SECRET: z.string().min(8).optional(),
  SHOPIFY_API_VERSION: z
    .string()
    .regex(/^\d{4}-\d{2}$/)
    .optional(),
})

const parsed = Env.safeParse(process.env)
if (!parsed.success) {
  console.error(
    `sandbox shop: invalid environment variables:\n${parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n')}`,
  )
  process.exit(1)
}
const env = parsed.data
const shop = await startShopSandbox({
  host: env.SHOP_SANDBOX_HOST,
  port: env.SHOP_SANDBOX_PORT,
  shopifyApiVersion: env.SHOPIFY_API_VERSION,
  webhooks: {
    shopifyUrl: env.SHOP_SANDBOX_SHOPIFY_WEBHOOK_URL,
    wooUrl: env.SHOP_SANDBOX_WOO_WEBHOOK_URL,
    wooSecret: env.SHOP_SANDBOX_WOO_WEBHOOK_SECRET,
  },
})
console.log(
  `sandbox shop listening on ${shop.url} (Shopify ${shop.runtime.shopify.domain}, WooCommerce /wp-json/wc/v3)`,
)

let closing = false
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    if (closing) return
    closing = true
    shop.close().then(
      () => process.exit(0),
      () => process.exit(1),
    )
  })
}
