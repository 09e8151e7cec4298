import path from 'node:path';
import { DataSource } from 'typeorm';
import { createDataSourceOptions } from '@storebridge/persistence';
import { createTestDatabase, type TestDatabase } from '@storebridge/persistence/testing';
import { TENANCY_ENTITIES } from './entities';
import { TenancyService } from './tenancy.service';

jest.setTimeout(60_000);

const MIGRATIONS = path.resolve(__dirname, '../../../apps/api/src/migrations/[0-9]*-*.ts');
const TTL_MS = 400;

// Two TenancyService instances on one database stand for two API processes.
describe('TenancyService token verification across processes (Postgres)', () => {
  let db: TestDatabase;
  let ds: DataSource;
  let here: TenancyService;
  let there: TenancyService;

  beforeAll(async () => {
    db = await createTestDatabase('sb_tenancy_tokens');
    const migrator = new DataSource(createDataSourceOptions({ url: db.url, entities: [], migrations: [MIGRATIONS], poolSize: 1 }));
    await migrator.initialize();
    await migrator.runMigrations({ transaction: 'each' });
    await migrator.destroy();
    ds = new DataSource(createDataSourceOptions({ url: db.url, entities: TENANCY_ENTITIES, migrations: [], poolSize: 2 }));
    await ds.initialize();
    here = new TenancyService(ds, { tokenCacheTtlMs: TTL_MS });
    there = new TenancyService(ds, { tokenCacheTtlMs: TTL_MS });
  });

  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  const lastUsed = async (tokenId: string) =>
    ((await ds.query('SELECT last_used_at FROM api_tokens WHERE id = $1', [tokenId])) as Array<{ last_used_at: Date | null }>)[0].last_used_at;

  it('a revocation is refused at once where it happens and within the TTL elsewhere', async () => {
    const { tenantId, orgId, tokenId, token } = await here.createTenant('Acme');
    const expected = { tokenId, tenantId, orgId };
    expect(await there.authenticate(token)).toEqual(expected);
    expect(await here.authenticate(token)).toEqual(expected);

    await here.revokeToken(tenantId, orgId, tokenId);
    expect(await here.authenticate(token)).toBeNull();
    // The other process still trusts what it verified, for at most the TTL.
    expect(await there.authenticate(token)).toEqual(expected);
    await new Promise((r) => setTimeout(r, TTL_MS + 50));
    expect(await there.authenticate(token)).toBeNull();
  });

  it('answers unknown secrets from the database every time, and records a use once a minute', async () => {
    expect(await there.authenticate('sbt_nope')).toBeNull();
    const { tokenId, token } = await here.createTenant('Beta');
    expect(await lastUsed(tokenId)).toBeNull();
    await there.authenticate(token);
    // The bookkeeping write is fire-and-forget.
    for (let i = 0; i < 50 && (await lastUsed(tokenId)) === null; i++) await new Promise((r) => setTimeout(r, 20));
    const first = await lastUsed(tokenId);
    expect(first).toBeInstanceOf(Date);
    await there.authenticate(token);
    await new Promise((r) => setTimeout(r, 100));
    expect(await lastUsed(tokenId)).toEqual(first);
  });
});
