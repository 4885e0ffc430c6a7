// The part of Shopify's GraphQL Admin API schema the sandbox shop serves (names and types as in
// shopify.dev/docs/api/admin-graphql; only the fields Fanfare reads).
export const SHOPIFY_SDL = /* GraphQL */ `
  scalar DateTime
  scalar URL
  scalar Decimal
  scalar UnsignedInt64

  interface Node { id: ID! }

  type PageInfo { hasNextPage: Boolean! hasPreviousPage: Boolean! startCursor: String endCursor: String }

  type Shop { id: ID! name: String! myshopifyDomain: String! currencyCode: String! }

  type MoneyV2 { amount: Decimal! currencyCode: String! }
  type MoneyBag { shopMoney: MoneyV2! }

  type CustomerEmailAddress { emailAddress: String }
  type Customer implements Node {
    id: ID!
    firstName: String
    lastName: String
    displayName: String!
    email: String
    defaultEmailAddress: CustomerEmailAddress
    numberOfOrders: UnsignedInt64!
    createdAt: DateTime!
  }
  type CustomerConnection { nodes: [Customer!]! pageInfo: PageInfo! }

  type Product implements Node { id: ID! title: String! }
  type ProductVariant implements Node {
    id: ID!
    title: String!
    displayName: String!
    sku: String
    price: Decimal!
    inventoryQuantity: Int
    product: Product!
  }
  type ProductVariantConnection { nodes: [ProductVariant!]! pageInfo: PageInfo! }

  type LineItem { title: String! quantity: Int! variant: ProductVariant }
  type LineItemConnection { nodes: [LineItem!]! pageInfo: PageInfo! }

  type UTMParameters { source: String medium: String campaign: String content: String term: String }
  type CustomerVisit {
    occurredAt: DateTime!
    landingPage: URL
    referrerUrl: URL
    source: String!
    utmParameters: UTMParameters
  }
  type CustomerJourneySummary { ready: Boolean! firstVisit: CustomerVisit lastVisit: CustomerVisit }

  enum OrderDisplayFinancialStatus { PENDING AUTHORIZED PARTIALLY_PAID PAID PARTIALLY_REFUNDED REFUNDED VOIDED EXPIRED }
  enum OrderDisplayFulfillmentStatus { UNFULFILLED PARTIALLY_FULFILLED FULFILLED RESTOCKED PENDING_FULFILLMENT OPEN IN_PROGRESS ON_HOLD SCHEDULED REQUEST_DECLINED }
  enum OrderSortKeys { CREATED_AT UPDATED_AT PROCESSED_AT ID }

  type Order implements Node {
    id: ID!
    name: String!
    email: String
    createdAt: DateTime!
    updatedAt: DateTime!
    processedAt: DateTime!
    cancelledAt: DateTime
    displayFinancialStatus: OrderDisplayFinancialStatus
    displayFulfillmentStatus: OrderDisplayFulfillmentStatus!
    totalPriceSet: MoneyBag!
    customer: Customer
    lineItems(first: Int, after: String): LineItemConnection!
    customerJourneySummary: CustomerJourneySummary
  }
  type OrderConnection { nodes: [Order!]! pageInfo: PageInfo! }

  type Query {
    shop: Shop!
    customers(first: Int, after: String, query: String): CustomerConnection!
    customer(id: ID!): Customer
    orders(first: Int, after: String, query: String, sortKey: OrderSortKeys, reverse: Boolean): OrderConnection!
    order(id: ID!): Order
    productVariants(first: Int, after: String, query: String): ProductVariantConnection!
    productVariant(id: ID!): ProductVariant
    nodes(ids: [ID!]!): [Node]!
  }
`
