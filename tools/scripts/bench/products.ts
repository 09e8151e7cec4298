/**
 * Products list benchmark (not a test; never runs in `npm test`).
 *
 *   npm run bench:products
 *   BENCH_DURATION=20 BENCH_PRODUCTS=100000 npm run bench:products
 *   BENCH_KEEP_DB=1 npm run bench:products     # keep the seeded database to explore
 *
 * Creates a database of its own on BENCH_DATABASE_URL (default
 * postgres://postgres@127.0.0.1:5432/postgres, a real Postgres; dropped at the
 * end), seeds 100,000 products × 3 variants + 1 image with direct SQL (and
 * their stored unified documents, as API writes keep them), starts
 * the whole API in a child process (so the load generator does not share its
 * event loop), and drives it over HTTP with autocannon (50 connections):
 *   - GET /health (Postgres + Redis ping: the ceiling of the same server);
 *   - GET /api/v1/products?include=variants,mediaAssets&limit=100, walking
 *     pages with the cursors of the seeded catalog;
 *   - the same, filtered (productType + a filter= on vendor, ~2% of products).
 * Prints p50/p95 latency and req/s of each, and the list/health ratio
 * (target: ≥ 30%).
 */
import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import autocannon from 'autocannon';
import { Client } from 'pg';
import { productDocumentSql } from '@storebridge/catalog';
import { createTestDatabase } from '@storebridge/persistence/testing';

const SERVER = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const PRODUCTS = Number(process.env.BENCH_PRODUCTS ?? 100_000);
const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const CONNECTIONS = 50;

interface Figures {
  label: string;
  rps: number;
  p50: number;
  p95: number;
  requests: number;
  errors: number;
  kbPerResponse: number;
}

// The child: the API on the given database, listening on a free port.
async function serve(): Promise<void> {
  const { createApp, loadConfig } = await import('@storebridge/api');
  const config = loadConfig({
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    DATABASE_URL: process.env.BENCH_DB_URL,
    REDIS_URL: process.env.REDIS_URL,
    ADMIN_TOKEN: process.env.BENCH_ADMIN_TOKEN,
    // Production mode wants a vault key; a throwaway one (no connections are made here).
    STOREBRIDGE_MASTER_KEY: process.env.STOREBRIDGE_MASTER_KEY ?? randomBytes(32).toString('base64'),
    STOREBRIDGE_ROLE: 'api',
    STOREBRIDGE_PLUGINS: process.env.STOREBRIDGE_PLUGINS,
    STOREBRIDGE_QUEUE_PREFIX: 'sbbench_' + randomBytes(4).toString('hex'),
    STOREBRIDGE_DATA_DIR: `tmp/bench-products-${process.pid}`,
  });
  const started = await createApp(config);
  await started.app.listen(0, '127.0.0.1');
  const { port } = started.app.getHttpServer().address() as { port: number };
  process.send?.({ port });
  process.on('SIGTERM', () => void started.close().then(() => process.exit(0)));
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];

async function load(label: string, base: string, paths: string[], headers: Record<string, string>): Promise<Figures> {
  const run = (duration: number, record: boolean) =>
    new Promise<{ latencies: number[]; result: autocannon.Result }>((resolve, reject) => {
      const latencies: number[] = [];
      let next = 0;
      const instance = autocannon(
        {
          url: base,
          connections: CONNECTIONS,
          duration,
          headers,
          // Each request takes the next path: list runs walk different pages.
          requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, path: paths[next++ % paths.length] }) }],
        },
        (err, result) => (err ? reject(err) : resolve({ latencies, result })),
      );
      if (record) instance.on('response', (_client, _status, _bytes, ms) => latencies.push(ms));
    });
  await run(2, false); // warm-up: JIT, pools, caches
  const { latencies, result } = await run(DURATION, true);
  latencies.sort((a, b) => a - b);
  return {
    label,
    rps: result.requests.total / DURATION,
    p50: pct(latencies, 50),
    p95: pct(latencies, 95),
    requests: result.requests.total,
    errors: result.non2xx + result.errors + result.timeouts,
    kbPerResponse: result.throughput.total / Math.max(1, result.requests.total) / 1024,
  };
}

async function seed(db: Client, tenantId: string, orgId: string): Promise<void> {
  const t0 = Date.now();
  await db.query(
    `INSERT INTO products (tenant_id, org_id, product_name, description, product_type, vendor, tags, product_url, sync_source, sync_source_id,
                           created_at, updated_at)
     SELECT $1, $2, 'Product ' || g, 'Description of product ' || g || ', a fine thing to own.',
            (ARRAY['Apparel', 'Accessory', 'Book', 'Electronics', 'Home'])[1 + g % 5], 'Vendor ' || (g % 50),
            ARRAY['tag-' || (g % 10), 'tag-' || (g % 7)], 'https://shop.example.com/p/' || g, 'bench', 'b-' || g,
            now() - make_interval(secs => $3 - g), now() - make_interval(secs => $3 - g)
     FROM generate_series(1, $3) g`,
    [tenantId, orgId, PRODUCTS],
  );
  await db.query(
    `INSERT INTO product_variants (tenant_id, org_id, product_id, title, sku, price, currency, option_values, inventory_total_count,
                                   weight_grams, weight_unit, position)
     SELECT p.tenant_id, p.org_id, p.id, s.size, 'SKU-' || p.seq || '-' || s.size, (10 + p.seq % 90)::numeric + 0.99, 'USD',
            jsonb_build_array(jsonb_build_object('name', 'Size', 'value', s.size)), (p.seq % 100)::int, 250 + s.i * 50, 'g', s.i
     FROM products p CROSS JOIN (VALUES (0, 'S'), (1, 'M'), (2, 'L')) AS s(i, size)
     WHERE p.org_id = $1`,
    [orgId],
  );
  await db.query(
    `INSERT INTO product_media_assets (tenant_id, org_id, product_id, url, alt_text, type, position)
     SELECT p.tenant_id, p.org_id, p.id, 'https://cdn.example.com/p/' || p.seq || '.jpg', 'Product ' || p.seq, 'image', 0
     FROM products p WHERE p.org_id = $1`,
    [orgId],
  );
  await db.query('ANALYZE');
  // What every write through the API does: store the product's unified document.
  await db.query(`UPDATE products p SET document = ${productDocumentSql()} WHERE p.org_id = $1`, [orgId]);
  await db.query('VACUUM ANALYZE products');
  await db.query('VACUUM ANALYZE product_variants');
  await db.query('VACUUM ANALYZE product_media_assets');
  console.log(`  seeded ${PRODUCTS} products, ${PRODUCTS * 3} variants, ${PRODUCTS} images in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

/** Up to `max` page paths of a list, collected by walking its cursors. */
async function pages(base: string, query: string, headers: Record<string, string>, max: number): Promise<string[]> {
  const paths: string[] = [];
  let cursor: string | null = null;
  do {
    const path = `/api/v1/products?${query}${cursor ? `&cursor=${cursor}` : ''}`;
    paths.push(path);
    const res = await fetch(base + path, { headers });
    if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    const body = (await res.json()) as { products: unknown[]; pageInfo: { nextCursor: string | null } };
    cursor = body.pageInfo.nextCursor;
  } while (cursor && paths.length < max);
  return paths;
}

async function main(): Promise<void> {
  const database = await createTestDatabase('sb_bench_products', SERVER);
  const url = new URL(database.url);
  const adminToken = 'bench-' + randomBytes(16).toString('hex');

  const child = fork(__filename, ['--serve'], {
    execArgv: ['--conditions=@storebridge/source', '-r', '@swc-node/register'],
    env: { ...process.env, BENCH_DB_URL: url.toString(), BENCH_ADMIN_TOKEN: adminToken },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const db = new Client({ connectionString: url.toString() });
  try {
    const port = await new Promise<number>((resolve, reject) => {
      child.once('message', (m: { port: number }) => resolve(m.port));
      child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
    });
    const base = `http://127.0.0.1:${port}`;
    const tenantRes = await fetch(`${base}/admin/tenants`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${adminToken}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'Bench' }),
    });
    const tenant = (await tenantRes.json()) as { tenantId: string; orgId: string; token: string };
    const headers = { Authorization: `Bearer ${tenant.token}`, 'X-Tenant-ID': tenant.tenantId, 'X-Org-ID': tenant.orgId };

    await db.connect();
    console.log(`products list benchmark: ${PRODUCTS} products × 3 variants, autocannon ${CONNECTIONS} connections, ${DURATION} s per run`);
    await seed(db, tenant.tenantId, tenant.orgId);

    const listQuery = 'include=variants,mediaAssets&limit=100';
    const filteredQuery = `productType=Book&filter=${encodeURIComponent('vendor:EQ:Vendor 7')}&include=variants,mediaAssets&limit=100`;
    const listPaths = await pages(base, listQuery, headers, 1000);
    const filteredPaths = await pages(base, filteredQuery, headers, 1000);

    const results: Figures[] = [];
    results.push(await load('GET /health (ceiling)', base, ['/health'], {}));
    results.push(await load(`GET /api/v1/products?${listQuery} (${listPaths.length} pages)`, base, listPaths, headers));
    results.push(await load(`GET …?productType=Book&filter=vendor:EQ:Vendor 7&include=…&limit=100 (${filteredPaths.length} pages)`, base, filteredPaths, headers));

    const health = results[0].rps;
    console.log('');
    for (const r of results) {
      console.log(
        `  ${r.label}\n      p50 ${r.p50.toFixed(1).padStart(7)} ms   p95 ${r.p95.toFixed(1).padStart(7)} ms   ${r.rps.toFixed(0).padStart(6)} req/s` +
          `   ${(r.rps / health * 100).toFixed(0).padStart(3)}% of /health   ${r.kbPerResponse.toFixed(1)} KB/response   errors ${r.errors}`,
      );
    }
    const worst = Math.min(results[1].rps, results[2].rps) / health;
    console.log(`\n  target: product lists keep ≥ 30% of /health throughput → ${worst >= 0.3 ? 'met' : 'NOT met'} (${(worst * 100).toFixed(0)}%)`);
  } finally {
    await db.end().catch(() => undefined);
    child.kill('SIGTERM');
    await new Promise((r) => (child.exitCode !== null ? r(undefined) : child.once('exit', r)));
    if (process.env.BENCH_KEEP_DB === '1') console.log(`  kept database ${url.toString()}`);
    else await database.drop();
  }
}

if (process.argv.includes('--serve')) {
  serve().catch((e) => {
    console.error(e);
    process.exit(1);
  });
} else {
  main().catch((e) => {
    console.error(e);
    process.exitCode = 1;
  });
}
