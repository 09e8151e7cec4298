/**
 * Catalog sync and item-list benchmark (not a test; never runs in `npm test`).
 *
 *   npm run bench:catalog                      # 100,000 and 1,000,000 items
 *   npm run bench:catalog -- --sizes=100000    # one size
 *
 * Boots the whole API (HTTP, listening on a free port) on a database of its
 * own on BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres,
 * a real Postgres; dropped at the end), Redis at REDIS_URL. For each size it
 * builds the catalog with direct SQL, then times over HTTP:
 *   - a 1000-action mixed sync (500 ADD, 300 PATCH, 200 REMOVE);
 *   - a 1000-action ADD sync with replaceIfExists (half new, half existing SKUs);
 *   - PATCH_MANY by a numeric range matching ~10% of the items;
 *   - item lists filtered by EQ on a common (5%) and a rare (0.1%) value;
 * and, as the floor, the same kind of 1000 upserts as one hand-written
 * INSERT ... SELECT FROM unnest(...) ON CONFLICT statement through `pg`.
 */
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { Client } from 'pg';
import { createApp, loadConfig } from '@storebridge/api';
import { createTestDatabase } from '@storebridge/persistence/testing';
import { itemPageQuery } from '@storebridge/catalog';
import { validate, type Filter } from '@storebridge/catalog-filter';

const SERVER = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const sizesArg = process.argv.find((a) => a.startsWith('--sizes='));
const SIZES = sizesArg ? sizesArg.slice('--sizes='.length).split(',').map(Number) : [100_000, 1_000_000];

const ATTRIBUTES = [
  { name: 'color', type: 'string' }, // 20 values: EQ matches 5%
  { name: 'brand', type: 'string' }, // 1000 values: EQ matches 0.1%
  { name: 'size', type: 'number' }, // 0..999 uniform: a 100-wide range is 10%
  { name: 'weight', type: 'number' },
  { name: 'onSale', type: 'boolean' },
  { name: 'releasedAt', type: 'time' },
];

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};
const fmt = (ms: number) => `${ms.toFixed(1)} ms`;
const line = (label: string, xs: number[]) =>
  console.log(`  ${label.padEnd(58)} p50 ${fmt(pct(xs, 50)).padStart(10)}   p95 ${fmt(pct(xs, 95)).padStart(10)}   (n=${xs.length})`);
const rnd = (n: number) => Math.floor(Math.random() * n);
const sku = (n: number) => `SKU-${String(n).padStart(8, '0')}`;
const attrs = (n: number) => ({ color: `color-${n % 20}`, brand: `brand-${n % 1000}`, size: rnd(1000), weight: rnd(10_000) / 10, onSale: n % 3 === 0 });

async function main(): Promise<void> {
  const database = await createTestDatabase('sb_bench', SERVER);
  const url = new URL(database.url);
  const adminToken = 'bench-' + randomBytes(16).toString('hex');
  const config = loadConfig({
    NODE_ENV: 'test', // silent logger
    DATABASE_URL: url.toString(),
    REDIS_URL: process.env.REDIS_URL,
    ADMIN_TOKEN: adminToken,
    STOREBRIDGE_QUEUE_PREFIX: 'sbbench_' + randomBytes(4).toString('hex'),
    STOREBRIDGE_DATA_DIR: 'tmp/bench',
  });
  const started = await createApp(config);
  await started.app.listen(0, '127.0.0.1');
  const base = `http://127.0.0.1:${(started.app.getHttpServer().address() as AddressInfo).port}`;
  const db = new Client({ connectionString: url.toString() });
  await db.connect();

  try {
    const tenantRes = await fetch(`${base}/admin/tenants`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${adminToken}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'Bench' }),
    });
    const tenant = (await tenantRes.json()) as { tenantId: string; orgId: string; token: string };
    const headers = {
      Authorization: `Bearer ${tenant.token}`,
      'X-Tenant-ID': tenant.tenantId,
      'X-Org-ID': tenant.orgId,
      'Content-Type': 'application/json',
    };
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- responses of our own API, read by a script
    const call = async (method: string, path: string, body?: unknown): Promise<{ ms: number; json: any }> => {
      const t0 = performance.now();
      const res = await fetch(base + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
      const json = await res.json();
      const ms = performance.now() - t0;
      if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json).slice(0, 300)}`);
      return { ms, json };
    };

    for (const size of SIZES) {
      console.log(`\n== ${size.toLocaleString('en')} items ==`);
      const { json: catalog } = await call('POST', '/api/v1/catalogs', { name: `bench ${size}`, attributes: ATTRIBUTES });
      const t0 = performance.now();
      await build(db, tenant, catalog.id, size);
      console.log(`  built with direct SQL in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

      // Live SKUs for PATCH/REMOVE; new SKUs continue after `size`.
      const live: number[] = Array.from({ length: size }, (_, i) => i);
      let next = size;
      const takeLive = (k: number, remove: boolean): number[] => {
        const out: number[] = [];
        const seen = new Set<number>();
        while (out.length < k) {
          const at = rnd(live.length);
          if (seen.has(at)) continue;
          seen.add(at);
          out.push(live[at]);
        }
        if (remove) {
          const drop = new Set(out);
          for (let i = live.length - 1; i >= 0; i--) if (drop.has(live[i])) live.splice(i, 1);
        }
        return out;
      };
      const path = `/v1/catalogs/${catalog.id}/sync`;

      const mixed: number[] = [];
      for (let r = 0; r < 12; r++) {
        const patchSkus = takeLive(300, false);
        const removeSkus = takeLive(200, true);
        const added = Array.from({ length: 500 }, () => next++);
        const actions = [
          ...added.map((n) => ({ type: 'ADD', payload: { sku: sku(n), price: 10 + (n % 90), product: { name: `Product ${n}` }, attributes: attrs(n) } })),
          ...patchSkus.map((n) => ({ type: 'PATCH', payload: { sku: sku(n), price: 20, attributes: { size: rnd(1000), onSale: true } } })),
          ...removeSkus.map((n) => ({ type: 'REMOVE', payload: { sku: sku(n) } })),
        ];
        live.push(...added);
        mixed.push((await call('PUT', path, { actions })).ms);
      }
      line('sync, 1000 mixed actions (500 ADD/300 PATCH/200 REMOVE)', mixed.slice(2));

      const upserts: number[] = [];
      const floor: number[] = [];
      for (let r = 0; r < 12; r++) {
        const existing = takeLive(500, false);
        const fresh = Array.from({ length: 500 }, () => next++);
        live.push(...fresh);
        const rows = [...existing, ...fresh].map((n) => ({ sku: sku(n), price: 10 + (n % 90), product: { name: `Product ${n}` }, attributes: attrs(n) }));
        upserts.push((await call('PUT', path, { actions: rows.map((payload) => ({ type: 'ADD', payload: { ...payload, replaceIfExists: true } })) })).ms);

        // The floor: the same kind of 1000 upserts, one statement, its own transaction, no HTTP.
        const existing2 = takeLive(500, false);
        const fresh2 = Array.from({ length: 500 }, () => next++);
        live.push(...fresh2);
        const rows2 = [...existing2, ...fresh2].map((n) => ({ sku: sku(n), price: 10 + (n % 90), name: `Product ${n}`, attributes: attrs(n) }));
        const f0 = performance.now();
        await db.query('BEGIN');
        await db.query(
          `INSERT INTO catalog_items AS ci (tenant_id, org_id, catalog_id, sku, price, product_name, attributes)
           SELECT $1, $2, $3, u.sku, u.price, u.product_name, u.attributes
           FROM unnest($4::text[], $5::numeric[], $6::text[], $7::jsonb[]) AS u(sku, price, product_name, attributes)
           ON CONFLICT (catalog_id, sku) DO UPDATE SET price = EXCLUDED.price, product_name = EXCLUDED.product_name,
             attributes = EXCLUDED.attributes, updated_at = now()`,
          [
            tenant.tenantId,
            tenant.orgId,
            catalog.id,
            rows2.map((x) => x.sku),
            rows2.map((x) => x.price),
            rows2.map((x) => x.name),
            rows2.map((x) => JSON.stringify(x.attributes)),
          ],
        );
        await db.query(`UPDATE catalogs SET item_count = item_count + 500 WHERE id = $1`, [catalog.id]);
        await db.query('COMMIT');
        floor.push(performance.now() - f0);
      }
      line('sync, 1000 ADD replaceIfExists (500 new, 500 existing)', upserts.slice(2));
      line('floor: same 1000 upserts, one INSERT..unnest..ON CONFLICT (pg)', floor.slice(2));
      console.log(
        `  ratio to floor (p50): mixed ${(pct(mixed.slice(2), 50) / pct(floor.slice(2), 50)).toFixed(2)}x, ` +
          `ADD ${(pct(upserts.slice(2), 50) / pct(floor.slice(2), 50)).toFixed(2)}x`,
      );

      const patchMany: number[] = [];
      const runs = size >= 1_000_000 ? 4 : 8;
      let matched = 0;
      for (let r = 0; r < runs; r++) {
        const lo = rnd(9) * 100;
        const { ms, json } = await call('PUT', path, {
          actions: [
            {
              type: 'PATCH_MANY',
              payload: { filters: [{ attr: 'size', op: 'GE', value: lo }, { attr: 'size', op: 'LT', value: lo + 100 }], attributes: { weight: r } },
            },
          ],
        });
        matched += json.applied.updated;
        patchMany.push(ms);
      }
      line(`PATCH_MANY size in [x, x+100) (~${Math.round(matched / runs).toLocaleString('en')} items, ~10%)`, patchMany);

      for (const [label, filter] of [
        ['list, EQ color (5% match), limit 100', () => `color:EQ:color-${rnd(20)}`],
        ['list, EQ brand (0.1% match), limit 100', () => `brand:EQ:brand-${rnd(1000)}`],
        ['list, size GE/LT range (10%), limit 100', () => `size:GE:${rnd(9) * 100}`],
      ] as const) {
        const xs: number[] = [];
        for (let r = 0; r < 60; r++) {
          const { ms, json } = await call('GET', `/api/v1/catalogs/${catalog.id}/items?limit=100&filter=${encodeURIComponent(filter())}`);
          if (json.items.length === 0) throw new Error(`${label}: no items`);
          xs.push(ms);
        }
        line(label, xs.slice(10));
      }
      // The plans behind those figures: the exact SQL the API runs for a page, run once more here.
      const schema = Object.fromEntries(ATTRIBUTES.map((a) => [a.name, a.type as 'string' | 'number' | 'boolean' | 'time']));
      for (const [label, filter] of [
        ['EQ color', { attr: 'color', op: 'EQ', value: `color-${rnd(20)}` }],
        ['EQ brand', { attr: 'brand', op: 'EQ', value: `brand-${rnd(1000)}` }],
      ] as Array<[string, Filter]>) {
        const checked = validate([filter], schema);
        if (!checked.ok) throw new Error(JSON.stringify(checked.errors));
        const { sql, params } = itemPageQuery({ tenantId: tenant.tenantId, orgId: tenant.orgId, catalogId: catalog.id, filters: checked.filters, take: 101 });
        const { rows } = await db.query(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, params);
        console.log(`  ${label} plan:\n${planSummary(rows.map((r) => r['QUERY PLAN'] as string))}`);
      }
      const plan = await db.query(
        `EXPLAIN SELECT sku FROM catalog_items i WHERE i.catalog_id = $1 AND ${'(CASE WHEN jsonb_typeof(i.attributes->\'size\') = \'number\' THEN (i.attributes->>\'size\')::numeric END)'} >= 100::bigint AND ${'(CASE WHEN jsonb_typeof(i.attributes->\'size\') = \'number\' THEN (i.attributes->>\'size\')::numeric END)'} < 200::bigint`,
        [catalog.id],
      );
      console.log(`  range plan: ${plan.rows.map((r) => r['QUERY PLAN'].trim()).filter((l: string) => /Scan/.test(l)).join(' / ')}`);
      const { json: after } = await call('GET', `/api/v1/catalogs/${catalog.id}`);
      const [{ count }] = (await db.query('SELECT count(*)::int AS count FROM catalog_items WHERE catalog_id = $1', [catalog.id])).rows;
      console.log(`  itemCount ${after.itemCount} (table: ${count}), version ${after.version}`);
      // Free the space before the next size.
      await call('DELETE', `/api/v1/catalogs/${catalog.id}`).catch(() => undefined);
    }
  } finally {
    await db.end();
    await started.close();
    await database.drop();
  }
}

/** The plan nodes with their actual time and rows, heap blocks read, and the execution time. */
function planSummary(lines: string[]): string {
  return lines
    .filter((l) => /actual time=|Heap Blocks|Execution Time/.test(l))
    .map((l) => '      ' + l.replace(/\(cost=[^)]*\)\s*/, '').trimEnd())
    .join('\n');
}

/**
 * Fill a catalog with `size` items by direct SQL. The attribute indexes (GIN,
 * ci_num_*, ci_eq_*) are dropped during the load and built afterwards, as one
 * would for a bulk import; their definitions, storage options included, come
 * back unchanged.
 */
async function build(db: Client, tenant: { tenantId: string; orgId: string }, catalogId: string, size: number): Promise<void> {
  const { rows: indexes } = await db.query(
    `SELECT indexname, indexdef FROM pg_indexes
     WHERE tablename = 'catalog_items' AND (indexname LIKE 'ci\\_num\\_%' OR indexname LIKE 'ci\\_eq\\_%' OR indexname = 'catalog_items_attributes_idx')`,
  );
  for (const ix of indexes) await db.query(`DROP INDEX "${ix.indexname}"`);
  await db.query(
    `INSERT INTO catalog_items (tenant_id, org_id, catalog_id, sku, price, product_name, attributes)
     SELECT $1, $2, $3, 'SKU-' || lpad(n::text, 8, '0'), 10 + n % 90, 'Product ' || n,
       jsonb_build_object('color', 'color-' || n % 20, 'brand', 'brand-' || n % 1000, 'size', floor(random() * 1000)::int,
         'weight', round((random() * 1000)::numeric, 1), 'onSale', n % 3 = 0,
         'releasedAt', 1700000000000 + (n::bigint * 1000))
     FROM generate_series(0, $4 - 1) AS n`,
    [tenant.tenantId, tenant.orgId, catalogId, size],
  );
  await db.query('UPDATE catalogs SET item_count = $2 WHERE id = $1', [catalogId, size]);
  await db.query(`SET maintenance_work_mem = '512MB'`);
  for (const ix of indexes) await db.query(ix.indexdef);
  await db.query('VACUUM ANALYZE catalog_items');
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
