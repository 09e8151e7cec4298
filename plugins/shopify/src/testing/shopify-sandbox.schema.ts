/**
 * The subset of the GraphQL Admin API (2025-01) the plugin uses, as SDL.
 * Types and fields keep Shopify's names so the plugin's documents validate
 * here exactly as they would against Shopify.
 */
export const SHOPIFY_SANDBOX_SDL = /* GraphQL */ `
scalar DateTime
scalar Money
scalar Decimal
scalar URL

enum ProductStatus { ACTIVE ARCHIVED DRAFT }
enum WeightUnit { GRAMS KILOGRAMS OUNCES POUNDS }
enum MediaContentType { EXTERNAL_VIDEO IMAGE MODEL_3D VIDEO }
enum FileContentType { EXTERNAL_VIDEO FILE IMAGE MODEL_3D VIDEO }
enum FileCreateInputDuplicateResolutionMode { APPEND_UUID RAISE_ERROR REPLACE }
enum ProductSortKeys { ID TITLE UPDATED_AT CREATED_AT }
enum OrderSortKeys { ID CREATED_AT UPDATED_AT }
enum OrderDisplayFinancialStatus { AUTHORIZED EXPIRED PAID PARTIALLY_PAID PARTIALLY_REFUNDED PENDING REFUNDED VOIDED }
enum OrderDisplayFulfillmentStatus { FULFILLED IN_PROGRESS ON_HOLD OPEN PARTIALLY_FULFILLED PENDING_FULFILLMENT RESTOCKED SCHEDULED UNFULFILLED }
enum CurrencyCode { USD EUR GBP CAD }
enum WebhookSubscriptionFormat { JSON XML }
enum WebhookSubscriptionTopic {
  APP_UNINSTALLED CUSTOMERS_CREATE CUSTOMERS_UPDATE INVENTORY_LEVELS_UPDATE
  ORDERS_CANCELLED ORDERS_CREATE ORDERS_DELETE ORDERS_EDITED ORDERS_FULFILLED ORDERS_PAID ORDERS_PARTIALLY_FULFILLED ORDERS_UPDATED
  PRODUCTS_CREATE PRODUCTS_DELETE PRODUCTS_UPDATE
}

type PageInfo { hasNextPage: Boolean! hasPreviousPage: Boolean! startCursor: String endCursor: String }

type Weight { unit: WeightUnit! value: Float! }
type InventoryItemMeasurement { weight: Weight }
type InventoryItem { id: ID! sku: String tracked: Boolean! measurement: InventoryItemMeasurement! }
type SelectedOption { name: String! value: String! }

type ProductVariant {
  id: ID! title: String! sku: String price: Money! inventoryQuantity: Int
  selectedOptions: [SelectedOption!]! inventoryItem: InventoryItem!
  createdAt: DateTime! updatedAt: DateTime!
}
type ProductVariantEdge { cursor: String! node: ProductVariant! }
type ProductVariantConnection { edges: [ProductVariantEdge!]! nodes: [ProductVariant!]! pageInfo: PageInfo! }

type Image { url: URL! altText: String }
type MediaPreviewImage { image: Image }
type Media { id: ID! alt: String mediaContentType: MediaContentType! preview: MediaPreviewImage }
type MediaEdge { cursor: String! node: Media! }
type MediaConnection { edges: [MediaEdge!]! nodes: [Media!]! pageInfo: PageInfo! }

type Product {
  id: ID! title: String! descriptionHtml: String! productType: String! vendor: String! status: ProductStatus!
  tags: [String!]! handle: String! onlineStoreUrl: URL createdAt: DateTime! updatedAt: DateTime!
  media(first: Int, after: String, last: Int, before: String): MediaConnection!
  variants(first: Int, after: String, last: Int, before: String): ProductVariantConnection!
}
type ProductEdge { cursor: String! node: Product! }
type ProductConnection { edges: [ProductEdge!]! nodes: [Product!]! pageInfo: PageInfo! }

type MoneyV2 { amount: Decimal! currencyCode: CurrencyCode! }
type MoneyBag { shopMoney: MoneyV2! presentmentMoney: MoneyV2! }
type MailingAddress {
  firstName: String lastName: String address1: String address2: String city: String
  province: String provinceCode: String zip: String country: String countryCodeV2: String phone: String company: String
}
type Customer { id: ID! firstName: String lastName: String email: String phone: String }
type LineItem {
  id: ID! title: String! name: String! sku: String quantity: Int!
  originalUnitPriceSet: MoneyBag! product: Product variant: ProductVariant
}
type LineItemEdge { cursor: String! node: LineItem! }
type LineItemConnection { edges: [LineItemEdge!]! nodes: [LineItem!]! pageInfo: PageInfo! }

type Order {
  id: ID! name: String! createdAt: DateTime! updatedAt: DateTime! processedAt: DateTime!
  cancelledAt: DateTime closed: Boolean! closedAt: DateTime
  displayFinancialStatus: OrderDisplayFinancialStatus displayFulfillmentStatus: OrderDisplayFulfillmentStatus!
  currencyCode: CurrencyCode! email: String
  totalPriceSet: MoneyBag! subtotalPriceSet: MoneyBag totalTaxSet: MoneyBag totalShippingPriceSet: MoneyBag! totalDiscountsSet: MoneyBag
  lineItems(first: Int, after: String, last: Int, before: String): LineItemConnection!
  billingAddress: MailingAddress shippingAddress: MailingAddress customer: Customer
}
type OrderEdge { cursor: String! node: Order! }
type OrderConnection { edges: [OrderEdge!]! nodes: [Order!]! pageInfo: PageInfo! }

type Location { id: ID! name: String! }
type LocationEdge { cursor: String! node: Location! }
type LocationConnection { edges: [LocationEdge!]! nodes: [Location!]! pageInfo: PageInfo! }

type Shop { id: ID! name: String! myshopifyDomain: String! currencyCode: CurrencyCode! }

type WebhookHttpEndpoint { callbackUrl: URL! }
type WebhookPubSubEndpoint { pubSubProject: String! pubSubTopic: String! }
union WebhookSubscriptionEndpoint = WebhookHttpEndpoint | WebhookPubSubEndpoint
type WebhookSubscription {
  id: ID! topic: WebhookSubscriptionTopic! format: WebhookSubscriptionFormat! callbackUrl: URL!
  endpoint: WebhookSubscriptionEndpoint! includeFields: [String!]! createdAt: DateTime! updatedAt: DateTime!
}
type WebhookSubscriptionEdge { cursor: String! node: WebhookSubscription! }
type WebhookSubscriptionConnection { edges: [WebhookSubscriptionEdge!]! nodes: [WebhookSubscription!]! pageInfo: PageInfo! }

type Query {
  shop: Shop!
  product(id: ID!): Product
  products(first: Int, after: String, last: Int, before: String, query: String, sortKey: ProductSortKeys, reverse: Boolean): ProductConnection!
  order(id: ID!): Order
  orders(first: Int, after: String, last: Int, before: String, query: String, sortKey: OrderSortKeys, reverse: Boolean): OrderConnection!
  locations(first: Int, after: String): LocationConnection!
  webhookSubscriptions(
    first: Int, after: String, last: Int, before: String, callbackUrl: URL, format: WebhookSubscriptionFormat,
    topics: [WebhookSubscriptionTopic!], query: String, reverse: Boolean
  ): WebhookSubscriptionConnection!
}

input WeightInput { value: Float! unit: WeightUnit! }
input InventoryItemMeasurementInput { weight: WeightInput }
input InventoryItemInput { sku: String tracked: Boolean cost: Decimal measurement: InventoryItemMeasurementInput }
input ProductSetInventoryInput { locationId: ID! name: String! quantity: Int! }
input VariantOptionValueInput { id: ID name: String optionId: ID optionName: String }
input ProductVariantSetInput {
  id: ID optionValues: [VariantOptionValueInput!]! price: Money compareAtPrice: Money position: Int
  inventoryItem: InventoryItemInput inventoryQuantities: [ProductSetInventoryInput!]
}
input OptionValueSetInput { id: ID name: String }
input OptionSetInput { id: ID name: String position: Int values: [OptionValueSetInput!] }
input FileSetInput {
  id: ID originalSource: String alt: String contentType: FileContentType filename: String
  duplicateResolutionMode: FileCreateInputDuplicateResolutionMode
}
input ProductSetInput {
  id: ID title: String descriptionHtml: String productType: String vendor: String status: ProductStatus
  tags: [String!] handle: String productOptions: [OptionSetInput!] variants: [ProductVariantSetInput!]
  files: [FileSetInput!]
}
input ProductDeleteInput { id: ID! }
input WebhookSubscriptionInput { callbackUrl: URL format: WebhookSubscriptionFormat includeFields: [String!] metafieldNamespaces: [String!] filter: String }

type UserError { field: [String!] message: String! code: String }
type ProductSetPayload { product: Product userErrors: [UserError!]! }
type ProductDeletePayload { deletedProductId: ID userErrors: [UserError!]! }
type WebhookSubscriptionCreatePayload { webhookSubscription: WebhookSubscription userErrors: [UserError!]! }

type Mutation {
  productSet(input: ProductSetInput!, synchronous: Boolean): ProductSetPayload
  productDelete(input: ProductDeleteInput!): ProductDeletePayload
  webhookSubscriptionCreate(topic: WebhookSubscriptionTopic!, webhookSubscription: WebhookSubscriptionInput!): WebhookSubscriptionCreatePayload
}
`;
