import {
  PermanentError,
  RateLimitedError,
  TransientError,
  ValidationError,
  type CommerceError,
  type HttpClient,
  type HttpRequest,
  type HttpResponse,
  type RateLimitFeedback,
} from '@storebridge/contracts';
import { collectAll, nextGraphqlCursor, requestedQueryCost } from '@storebridge/plugin-sdk';
import { SHOPIFY_API_VERSION, SHOPIFY_MAX_QUERY_COST } from '../shopify.config';
import type { ShopifyConnection, ShopifyGraphqlResponse, ShopifyUserError } from './shopify-admin.types';

export const GRAPHQL_PATH = `/admin/api/${SHOPIFY_API_VERSION}/graphql.json`;

/** Largest `first` for a query whose cost grows with it, within Shopify's single-query maximum. */
export function maxPageSize(document: string, wanted: number, hardMax = 250): number {
  const one = requestedQueryCost(document, { first: 1 });
  const perItem = one - requestedQueryCost(document, { first: 0 });
  const affordable = perItem > 0 ? Math.floor((SHOPIFY_MAX_QUERY_COST - (one - perItem)) / perItem) : hardMax;
  return Math.max(1, Math.min(wanted, hardMax, affordable));
}

/**
 * Sends GraphQL Admin API documents through the connection's HTTP client,
 * telling the governor each document's calculated cost up front.
 * https://shopify.dev/docs/api/admin-graphql
 */
export class ShopifyGraphqlClient {
  constructor(private readonly http: HttpClient) {}

  async query<T>(document: string, variables: Record<string, unknown> = {}): Promise<T> {
    return this.send<T>(document, variables, true);
  }

  /** Mutations are not idempotent: never repeated once they may have run (THROTTLED ones are, they never ran). */
  async mutate<T>(document: string, variables: Record<string, unknown> = {}): Promise<T> {
    return this.send<T>(document, variables, false);
  }

  /**
   * Every node of a nested connection: the page its parent's query brought,
   * then the rest through `document` (which takes `$after`) until Shopify
   * says there is no next page. A parent gone meanwhile ends the walk.
   */
  async allNodes<T, D>(
    first: ShopifyConnection<T>,
    document: string,
    variables: Record<string, unknown>,
    pick: (data: D) => ShopifyConnection<T> | null | undefined,
  ): Promise<T[]> {
    return collectAll(async (after) => {
      const page = after === null ? first : pick(await this.query<D>(document, { ...variables, after }));
      return page ? { items: page.nodes, nextCursor: nextGraphqlCursor(page.pageInfo) } : { items: [], nextCursor: null };
    });
  }

  private async send<T>(document: string, variables: Record<string, unknown>, idempotent: boolean): Promise<T> {
    const res = await this.http.request<ShopifyGraphqlResponse<T>>({
      method: 'POST',
      url: GRAPHQL_PATH,
      body: { query: document, variables },
      cost: requestedQueryCost(document, variables),
      idempotent,
    });
    if (!res.body?.data) throw new TransientError('Shopify answered without data');
    return res.body.data;
  }
}

export function throwOnUserErrors(errors: ShopifyUserError[] | null | undefined, what: string): void {
  if (errors && errors.length) {
    throw new ValidationError(`Shopify refused to ${what}: ${errors.map((e) => e.message).join('; ')}`, { details: errors });
  }
}

function isGraphqlCall(req: HttpRequest): boolean {
  return req.url.endsWith('/graphql.json');
}

/**
 * GraphQL errors come in 200 answers, so the status code alone misses them
 * (https://shopify.dev/docs/api/usage/limits#rate-limits: THROTTLED).
 */
export function translateShopifyError(res: HttpResponse, req: HttpRequest): CommerceError | null | undefined {
  if (res.status !== 200 || !isGraphqlCall(req)) return undefined;
  const body = res.body as ShopifyGraphqlResponse<unknown> | null;
  if (!body || typeof body !== 'object') return new TransientError('Shopify answered 200 without a JSON body', { status: 200 });
  const errors = body.errors;
  if (!errors || (Array.isArray(errors) && errors.length === 0)) return null;
  const list = Array.isArray(errors) ? errors : [{ message: String(errors), extensions: {} }];
  const codes = list.map((e) => e.extensions?.code);
  const message = list.map((e) => e.message).join('; ');
  const opts = { status: 200, providerMessage: message };
  if (codes.includes('THROTTLED')) {
    const cost = body.extensions?.cost;
    const wait = cost
      ? Math.ceil((Math.max(0, cost.requestedQueryCost - cost.throttleStatus.currentlyAvailable) / cost.throttleStatus.restoreRate) * 1000)
      : null;
    return new RateLimitedError('Shopify throttled the query', wait, opts);
  }
  if (codes.includes('INTERNAL_SERVER_ERROR')) return new TransientError('Shopify failed to run the query', opts);
  if (codes.includes('ACCESS_DENIED')) return new PermanentError('the app lacks an access scope for this query', opts);
  if (codes.includes('MAX_COST_EXCEEDED')) return new PermanentError('the query costs more than Shopify allows', opts);
  return new ValidationError('Shopify rejected the query', opts);
}

/** `extensions.cost` of every GraphQL answer, for the governor. */
export function readShopifyRateLimit(res: HttpResponse, req: HttpRequest): RateLimitFeedback | null {
  if (!isGraphqlCall(req)) return null;
  const cost = (res.body as ShopifyGraphqlResponse<unknown> | null)?.extensions?.cost;
  if (!cost?.throttleStatus) return null;
  const reserved = req.cost ?? cost.requestedQueryCost;
  return {
    available: cost.throttleStatus.currentlyAvailable,
    capacity: cost.throttleStatus.maximumAvailable,
    refillPerSecond: cost.throttleStatus.restoreRate,
    // We reserved our estimate; Shopify charged the actual cost (nothing when throttled).
    refund: Math.max(0, reserved - (cost.actualQueryCost ?? 0)),
  };
}
