/**
 * The next-page rules of each scheme in providers/README.md, as pure
 * functions. Each returns what to ask for next, or null at the end.
 */

/** GraphQL Relay connections (Shopify): `first`/`after` + `pageInfo`. */
export function nextGraphqlCursor(pageInfo: { hasNextPage: boolean; endCursor?: string | null } | null | undefined): string | null {
  return pageInfo?.hasNextPage && pageInfo.endCursor ? pageInfo.endCursor : null;
}

/** RFC 8288 `Link` header → { rel: url } (Shopify REST, WooCommerce). */
export function parseLinkHeader(value: string | null | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!value) return out;
  for (const part of value.split(/,(?=\s*<)/)) {
    const m = /<([^>]+)>\s*;(.*)$/.exec(part.trim());
    if (!m) continue;
    const rel = /rel\s*=\s*"?([^";]+)"?/i.exec(m[2]);
    if (rel) for (const r of rel[1].trim().split(/\s+/)) out[r] = m[1];
  }
  return out;
}

export function nextLinkUrl(headers: Record<string, string | undefined>): string | null {
  return parseLinkHeader(headers['link'] ?? headers['Link'])['next'] ?? null;
}

/** page/per_page with total headers (WooCommerce `X-WP-TotalPages`, `X-WP-Total`), or a short page as the end. */
export function nextPageNumber(args: { page: number; perPage: number; received: number; totalPages?: number | null; total?: number | null }): number | null {
  if (args.totalPages !== undefined && args.totalPages !== null && !Number.isNaN(args.totalPages)) return args.page < args.totalPages ? args.page + 1 : null;
  if (args.total !== undefined && args.total !== null && !Number.isNaN(args.total)) return args.page * args.perPage < args.total ? args.page + 1 : null;
  return args.received >= args.perPage && args.received > 0 ? args.page + 1 : null;
}

/** offset/limit (SFCC, eBay orders): with a total when the provider gives one. */
export function nextOffset(args: { offset: number; limit: number; received: number; total?: number | null }): number | null {
  const next = args.offset + args.received;
  if (args.total !== undefined && args.total !== null) return next < args.total ? next : null;
  return args.received >= args.limit && args.received > 0 ? next : null;
}

export interface MagentoFilter {
  field: string;
  value: string | number;
  conditionType?: 'eq' | 'neq' | 'gt' | 'gteq' | 'lt' | 'lteq' | 'like' | 'in' | 'from' | 'to';
}

/**
 * Magento `searchCriteria` query parameters. Filters in one group are OR-ed,
 * groups are AND-ed (Adobe "Search using REST endpoints").
 */
export function magentoSearchCriteria(args: {
  pageSize: number;
  currentPage: number;
  filterGroups?: MagentoFilter[][];
  sortOrders?: Array<{ field: string; direction: 'ASC' | 'DESC' }>;
}): Record<string, string> {
  const q: Record<string, string> = {
    'searchCriteria[pageSize]': String(args.pageSize),
    'searchCriteria[currentPage]': String(args.currentPage),
  };
  (args.filterGroups ?? []).forEach((group, g) =>
    group.forEach((f, i) => {
      const p = `searchCriteria[filter_groups][${g}][filters][${i}]`;
      q[`${p}[field]`] = f.field;
      q[`${p}[value]`] = String(f.value);
      q[`${p}[condition_type]`] = f.conditionType ?? 'eq';
    }),
  );
  (args.sortOrders ?? []).forEach((s, i) => {
    q[`searchCriteria[sortOrders][${i}][field]`] = s.field;
    q[`searchCriteria[sortOrders][${i}][direction]`] = s.direction;
  });
  return q;
}

/** Magento answers `total_count`; past the last page it repeats the last page, so stop by count. */
export function nextMagentoPage(args: { currentPage: number; pageSize: number; totalCount: number }): number | null {
  return args.currentPage * args.pageSize < args.totalCount ? args.currentPage + 1 : null;
}
