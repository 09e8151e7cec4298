/**
 * The GraphQL documents the plugin sends. Page sizes of nested connections
 * are fixed so the calculated cost of a page is known before sending it
 * (https://shopify.dev/docs/api/usage/limits#cost-calculation).
 */
export const VARIANTS_PER_PAGE = 25;
export const MEDIA_PER_PAGE = 5;
export const LINE_ITEMS_PER_PAGE = 50;
/** Follow-up pages of a nested connection (the rest of a product's variants or media, of an order's line items): at most about 500 points each. */
export const FOLLOW_UP_PAGE = 100;

const VARIANT_FIELDS = `id title sku price inventoryQuantity createdAt updatedAt
  selectedOptions { name value }
  inventoryItem { measurement { weight { unit value } } }`;

const MEDIA_FIELDS = `id alt mediaContentType preview { image { url } }`;

export const PRODUCT_FIELDS = `fragment ProductFields on Product {
  id title descriptionHtml productType vendor status tags handle onlineStoreUrl createdAt updatedAt
  media(first: ${MEDIA_PER_PAGE}) { nodes { ${MEDIA_FIELDS} } pageInfo { hasNextPage endCursor } }
  variants(first: ${VARIANTS_PER_PAGE}) { nodes { ${VARIANT_FIELDS} } pageInfo { hasNextPage endCursor } }
}`;

// https://shopify.dev/docs/api/admin-graphql/2025-01/queries/products
export const PRODUCTS_QUERY = `query Products($first: Int!, $after: String, $query: String) {
  products(first: $first, after: $after, query: $query, sortKey: ID) {
    nodes { ...ProductFields }
    pageInfo { hasNextPage endCursor }
  }
}
${PRODUCT_FIELDS}`;

// https://shopify.dev/docs/api/admin-graphql/2025-01/queries/product
export const PRODUCT_QUERY = `query Product($id: ID!) { product(id: $id) { ...ProductFields } }
${PRODUCT_FIELDS}`;

// https://shopify.dev/docs/api/admin-graphql/2025-01/objects/Product#connection-variants
export const PRODUCT_VARIANTS_QUERY = `query ProductVariants($id: ID!, $after: String) {
  product(id: $id) { variants(first: ${FOLLOW_UP_PAGE}, after: $after) { nodes { ${VARIANT_FIELDS} } pageInfo { hasNextPage endCursor } } }
}`;

// https://shopify.dev/docs/api/admin-graphql/2025-01/objects/Product#connection-media (up to 250 media per product)
export const PRODUCT_MEDIA_QUERY = `query ProductMedia($id: ID!, $after: String) {
  product(id: $id) { media(first: ${FOLLOW_UP_PAGE}, after: $after) { nodes { ${MEDIA_FIELDS} } pageInfo { hasNextPage endCursor } } }
}`;

// https://shopify.dev/docs/api/admin-graphql/2025-01/mutations/productSet
export const PRODUCT_SET_MUTATION = `mutation ProductSet($input: ProductSetInput!) {
  productSet(input: $input, synchronous: true) {
    product { ...ProductFields }
    userErrors { field message code }
  }
}
${PRODUCT_FIELDS}`;

// https://shopify.dev/docs/api/admin-graphql/2025-01/mutations/productDelete
export const PRODUCT_DELETE_MUTATION = `mutation ProductDelete($id: ID!) {
  productDelete(input: { id: $id }) { deletedProductId userErrors { field message } }
}`;

// https://shopify.dev/docs/api/admin-graphql/2025-01/queries/locations
export const PRIMARY_LOCATION_QUERY = `query Locations { locations(first: 1) { nodes { id } } }`;

// https://shopify.dev/docs/api/admin-graphql/2025-01/queries/shop
export const SHOP_QUERY = `query Shop { shop { id name } }`;

const MONEY = `shopMoney { amount currencyCode }`;
const ADDRESS = `firstName lastName address1 address2 city province provinceCode zip countryCodeV2 phone`;

const LINE_ITEM_FIELDS = `id title sku quantity originalUnitPriceSet { ${MONEY} } product { id } variant { id }`;

export const ORDER_FIELDS = `fragment OrderFields on Order {
  id name createdAt updatedAt cancelledAt closed displayFinancialStatus displayFulfillmentStatus currencyCode email
  totalPriceSet { ${MONEY} } totalTaxSet { ${MONEY} } totalShippingPriceSet { ${MONEY} } totalDiscountsSet { ${MONEY} }
  lineItems(first: ${LINE_ITEMS_PER_PAGE}) { nodes { ${LINE_ITEM_FIELDS} } pageInfo { hasNextPage endCursor } }
  billingAddress { ${ADDRESS} }
  shippingAddress { ${ADDRESS} }
  customer { id firstName lastName email phone }
}`;

// https://shopify.dev/docs/api/admin-graphql/2025-01/queries/orders
export const ORDERS_QUERY = `query Orders($first: Int!, $after: String, $query: String) {
  orders(first: $first, after: $after, query: $query, sortKey: ID) {
    nodes { ...OrderFields }
    pageInfo { hasNextPage endCursor }
  }
}
${ORDER_FIELDS}`;

// https://shopify.dev/docs/api/admin-graphql/2025-01/queries/order
export const ORDER_QUERY = `query Order($id: ID!) { order(id: $id) { ...OrderFields } }
${ORDER_FIELDS}`;

// https://shopify.dev/docs/api/admin-graphql/2025-01/objects/Order#connection-lineItems
export const ORDER_LINE_ITEMS_QUERY = `query OrderLineItems($id: ID!, $after: String) {
  order(id: $id) { lineItems(first: ${FOLLOW_UP_PAGE}, after: $after) { nodes { ${LINE_ITEM_FIELDS} } pageInfo { hasNextPage endCursor } } }
}`;

const SUBSCRIPTION_FIELDS = `id topic endpoint { __typename ... on WebhookHttpEndpoint { callbackUrl } }`;

// https://shopify.dev/docs/api/admin-graphql/2025-01/queries/webhookSubscriptions (this app's subscriptions on this shop)
export const WEBHOOK_SUBSCRIPTIONS_QUERY = `query WebhookSubscriptions($first: Int!, $after: String, $callbackUrl: URL, $topics: [WebhookSubscriptionTopic!]) {
  webhookSubscriptions(first: $first, after: $after, callbackUrl: $callbackUrl, topics: $topics) {
    nodes { ${SUBSCRIPTION_FIELDS} }
    pageInfo { hasNextPage endCursor }
  }
}`;

// https://shopify.dev/docs/api/admin-graphql/2025-01/mutations/webhookSubscriptionCreate
export const WEBHOOK_SUBSCRIPTION_CREATE_MUTATION = `mutation WebhookSubscriptionCreate($topic: WebhookSubscriptionTopic!, $webhookSubscription: WebhookSubscriptionInput!) {
  webhookSubscriptionCreate(topic: $topic, webhookSubscription: $webhookSubscription) {
    webhookSubscription { ${SUBSCRIPTION_FIELDS} }
    userErrors { field message }
  }
}`;
