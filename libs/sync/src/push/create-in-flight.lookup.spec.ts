import type { Page, ProductFilterKey, ProductListQuery, ProductPort, ProviderPlugin, RemoteProduct } from '@storebridge/contracts';
import { findInterruptedCreate, SCAN_MAX_PAGES, skusOf, UnverifiableCreateError, type CreateInFlight } from './create-in-flight.lookup';

const AT = '2026-01-10T12:00:00.000Z';
const atSeconds = Date.parse(AT) / 1000;

function product(remoteId: string, skus: string[], createdTimestamp: number | null = atSeconds + 1): RemoteProduct {
  return { remoteId, productName: remoteId, createdTimestamp, variants: skus.map((sku, i) => ({ remoteId: `${remoteId}-${i}`, sku })) } as unknown as RemoteProduct;
}

/** A store of `items`; `filters` is what its plugin declares (SKU filtering done as a provider would). */
function store(items: RemoteProduct[], filters: ProductFilterKey[], pageSize = 100) {
  const queries: ProductListQuery[] = [];
  const port = {
    async list(q: ProductListQuery): Promise<Page<RemoteProduct>> {
      queries.push(q);
      const matching = q.sku && filters.includes('sku') ? items.filter((p) => p.variants.some((v) => v.sku === q.sku)) : items;
      const size = Math.min(q.limit, pageSize);
      const start = q.cursor ? Number(q.cursor) : 0;
      const next = start + size < matching.length ? String(start + size) : null;
      return { items: matching.slice(start, start + size), nextCursor: next };
    },
  } as unknown as ProductPort;
  const plugin = { capabilities: { products: { filters } } } as unknown as ProviderPlugin;
  return { port, plugin, queries };
}

const marker = (skus: string[]): CreateInFlight => ({ token: 'earlier-run', skus, at: AT });
const nothingLinked = async () => new Set<string>();

describe('findInterruptedCreate', () => {
  it('asks a store that filters by SKU for the SKU, and takes the product created since the marker', async () => {
    const s = store([product('1', ['OTHER']), product('2', ['A-1', 'A-2'])], ['sku', 'updatedSince']);
    const found = await findInterruptedCreate(s.plugin, s.port, marker(['A-1', 'A-2']), nothingLinked);
    expect(found?.remoteId).toBe('2');
    expect(s.queries).toEqual([{ sku: 'A-1', limit: 1, cursor: null }]);
  });

  it('answers null when the store has no such product (the create never landed)', async () => {
    const s = store([product('1', ['OTHER'])], ['sku']);
    await expect(findInterruptedCreate(s.plugin, s.port, marker(['A-1']), nothingLinked)).resolves.toBeNull();
  });

  it('ignores products created well before the marker and products the ledger maps to another product', async () => {
    const old = product('1', ['A-1'], atSeconds - 3600);
    const linked = product('2', ['A-1']);
    const s = store([old, linked], ['sku']);
    const found = await findInterruptedCreate(s.plugin, s.port, marker(['A-1']), async (ids) => new Set(ids.filter((id) => id === '2')));
    expect(found).toBeNull();
  });

  it('without a SKU filter, reads pages from the marker on (updatedSince) and filters them itself', async () => {
    const s = store([product('1', ['X']), product('2', ['Y']), product('3', ['A-1'])], ['updatedSince'], 2);
    const found = await findInterruptedCreate(s.plugin, s.port, marker(['A-1']), nothingLinked);
    expect(found?.remoteId).toBe('3');
    expect(s.queries).toHaveLength(2);
    expect(s.queries[0]).toMatchObject({ updatedSince: atSeconds - 300 });
  });

  it('gives up rather than risk a duplicate when the bounded scan cannot rule the product out', async () => {
    const many = Array.from({ length: SCAN_MAX_PAGES * 100 + 1 }, (_, i) => product(String(i), [`X-${i}`]));
    const s = store(many, []);
    await expect(findInterruptedCreate(s.plugin, s.port, marker(['A-1']), nothingLinked)).rejects.toBeInstanceOf(UnverifiableCreateError);
    expect(s.queries).toHaveLength(SCAN_MAX_PAGES);
  });

  it('cannot look for a product without SKUs', async () => {
    const s = store([], ['sku']);
    await expect(findInterruptedCreate(s.plugin, s.port, marker([]), nothingLinked)).rejects.toBeInstanceOf(UnverifiableCreateError);
    expect(s.queries).toHaveLength(0);
  });

  it('skusOf: distinct, in order, empty ones left out', () => {
    expect(skusOf({ productName: 'p', variants: [{ sku: 'B' }, { sku: 'A' }, { sku: 'B' }, { sku: null }, {}] })).toEqual(['B', 'A']);
    expect(skusOf(undefined)).toEqual([]);
  });
});
