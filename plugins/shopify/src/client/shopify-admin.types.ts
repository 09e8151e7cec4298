/**
 * Raw GraphQL Admin API shapes (2025-01) as our queries select them. Only
 * mappers read these; nothing outside the plugin sees a Shopify field name.
 */
export interface ShopifyPageInfo {
  hasNextPage: boolean;
  endCursor: string | null;
}

export interface ShopifyConnection<T> {
  nodes: T[];
  pageInfo: ShopifyPageInfo;
}

export type ShopifyWeightUnit = 'GRAMS' | 'KILOGRAMS' | 'OUNCES' | 'POUNDS';

export interface ShopifyVariant {
  id: string;
  title: string;
  sku: string | null;
  price: string;
  inventoryQuantity: number | null;
  createdAt: string;
  updatedAt: string;
  selectedOptions: Array<{ name: string; value: string }>;
  inventoryItem: { measurement: { weight: { unit: ShopifyWeightUnit; value: number } | null } | null } | null;
}

export interface ShopifyMedia {
  id: string;
  alt: string | null;
  mediaContentType: 'IMAGE' | 'VIDEO' | 'EXTERNAL_VIDEO' | 'MODEL_3D';
  preview: { image: { url: string } | null } | null;
}

export interface ShopifyProduct {
  id: string;
  title: string;
  descriptionHtml: string | null;
  productType: string | null;
  vendor: string | null;
  status: 'ACTIVE' | 'ARCHIVED' | 'DRAFT';
  tags: string[];
  handle: string;
  onlineStoreUrl: string | null;
  createdAt: string;
  updatedAt: string;
  media: ShopifyConnection<ShopifyMedia>;
  variants: ShopifyConnection<ShopifyVariant>;
}

export interface ShopifyMoneyBag {
  shopMoney: { amount: string; currencyCode: string };
}

export interface ShopifyAddress {
  firstName: string | null;
  lastName: string | null;
  address1: string | null;
  address2: string | null;
  city: string | null;
  province: string | null;
  provinceCode: string | null;
  zip: string | null;
  countryCodeV2: string | null;
  phone: string | null;
}

export interface ShopifyLineItem {
  id: string;
  title: string | null;
  sku: string | null;
  quantity: number;
  originalUnitPriceSet: ShopifyMoneyBag;
  product: { id: string } | null;
  variant: { id: string } | null;
}

export interface ShopifyOrder {
  id: string;
  name: string;
  createdAt: string;
  updatedAt: string;
  cancelledAt: string | null;
  closed: boolean;
  displayFinancialStatus: string | null;
  displayFulfillmentStatus: string | null;
  currencyCode: string;
  totalPriceSet: ShopifyMoneyBag;
  totalTaxSet: ShopifyMoneyBag | null;
  totalShippingPriceSet: ShopifyMoneyBag | null;
  totalDiscountsSet: ShopifyMoneyBag | null;
  lineItems: ShopifyConnection<ShopifyLineItem>;
  billingAddress: ShopifyAddress | null;
  shippingAddress: ShopifyAddress | null;
  customer: { id: string; firstName: string | null; lastName: string | null; email: string | null; phone: string | null } | null;
  email: string | null;
}

/** https://shopify.dev/docs/api/admin-graphql/2025-01/objects/WebhookSubscription */
export interface ShopifyWebhookSubscription {
  id: string;
  /** WebhookSubscriptionTopic, e.g. PRODUCTS_UPDATE. */
  topic: string;
  /** Only HTTP endpoints carry a callbackUrl (EventBridge and Pub/Sub ones do not). */
  endpoint: { __typename: string; callbackUrl?: string | null };
}

export interface ShopifyUserError {
  field: string[] | null;
  message: string;
  code?: string | null;
}

/** A file of `productSet`: an existing one by `id`, or a new one from `originalSource` (https://shopify.dev/docs/api/admin-graphql/2025-01/input-objects/FileSetInput). */
export interface ShopifyFileSetInput {
  id?: string;
  originalSource?: string;
  contentType?: 'IMAGE';
  alt?: string;
  filename?: string;
}

/** The input of `productSet` (https://shopify.dev/docs/api/admin-graphql/2025-01/mutations/productSet). */
export interface ShopifyProductSetInput {
  id?: string;
  title: string;
  descriptionHtml?: string;
  productType?: string;
  vendor?: string;
  status?: 'ACTIVE' | 'ARCHIVED' | 'DRAFT';
  tags?: string[];
  productOptions: Array<{ name: string; values: Array<{ name: string }> }>;
  variants: Array<{
    id?: string;
    optionValues: Array<{ optionName: string; name: string }>;
    price?: string;
    inventoryItem?: { sku?: string; measurement?: { weight: { value: number; unit: ShopifyWeightUnit } } };
    inventoryQuantities?: Array<{ locationId: string; name: 'available'; quantity: number }>;
  }>;
  /** A list field: the product's media become exactly these (existing ones by id). */
  files?: ShopifyFileSetInput[];
}

export interface ShopifyCost {
  requestedQueryCost: number;
  actualQueryCost: number | null;
  throttleStatus: { maximumAvailable: number; currentlyAvailable: number; restoreRate: number };
}

export interface ShopifyGraphqlResponse<T> {
  data?: T;
  errors?: Array<{ message: string; extensions?: { code?: string; [k: string]: unknown } }> | string;
  extensions?: { cost?: ShopifyCost };
}
