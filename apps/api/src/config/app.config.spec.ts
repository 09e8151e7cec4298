import { ConfigError, loadConfig } from './app.config';

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    const c = loadConfig({});
    expect(c.PORT).toBe(3000);
    expect(c.REDIS_URL).toBe('redis://127.0.0.1:6379');
    expect(c.STOREBRIDGE_ROLE).toBe('all');
    expect(c.DATABASE_URL).toBeUndefined();
    expect(c.ADMIN_TOKEN).toBeUndefined();
  });

  it('accepts valid values', () => {
    const c = loadConfig({ PORT: '8080', REDIS_URL: 'redis://cache:6380/2', DATABASE_URL: 'postgres://u@db:5432/x', STOREBRIDGE_ROLE: 'worker' });
    expect(c.PORT).toBe(8080);
    expect(c.REDIS_URL).toBe('redis://cache:6380/2');
    expect(c.STOREBRIDGE_ROLE).toBe('worker');
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT must be a whole number'],
    [{ PORT: '70000' }, 'PORT must be between 0 and 65535'],
    [{ REDIS_URL: 'localhost:6379' }, 'REDIS_URL must look like redis://host:port'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL must be a postgres:// URL'],
    [{ STOREBRIDGE_ROLE: 'both' }, 'STOREBRIDGE_ROLE must be one of all, api, worker'],
    [{ ADMIN_TOKEN: 'short' }, 'ADMIN_TOKEN must be at least 16 characters'],
    [{ SYNC_PUSH_ATTEMPTS: '0' }, 'SYNC_PUSH_ATTEMPTS must be a whole number from 1 to 100'],
    [{ SYNC_DELIVERY_CONCURRENCY: '8.5' }, 'SYNC_DELIVERY_CONCURRENCY must be a whole number from 1 to 1000'],
    [{ SYNC_TICK_MS: '-1' }, 'SYNC_TICK_MS must be a whole number from 0 to 3600000'],
    [{ SYNC_IMPORT_PAGE_SIZE: 'many' }, 'SYNC_IMPORT_PAGE_SIZE must be a whole number from 1 to 250'],
    [{ SYNC_LOCK_MS: '10' }, 'SYNC_LOCK_MS must be a whole number from 1000 to 3600000'],
  ])('rejects %j with a readable message', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('gives the sync engine only the SYNC_* settings that are set, as numbers', () => {
    expect(loadConfig({}).syncTuning()).toEqual({});
    const c = loadConfig({ SYNC_TICK_MS: '0', SYNC_PUSH_ATTEMPTS: '3', SYNC_IMPORT_PAGE_SIZE: '', SYNC_DELIVERY_CONCURRENCY: '64' });
    expect(c.syncTuning()).toEqual({ tickMs: 0, pushAttempts: 3, deliveryConcurrency: 64 });
  });

  it('lists every problem at once', () => {
    try {
      loadConfig({ PORT: 'x', REDIS_URL: 'nope' });
      throw new Error('expected a ConfigError');
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      expect((e as ConfigError).problems).toHaveLength(2);
      expect((e as Error).message).toMatch(/^Invalid configuration:/);
    }
  });
});
