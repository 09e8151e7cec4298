import 'reflect-metadata';
import { ConfigError, loadConfig, type AppConfig } from './config/app.config';
import { createApp, createWorker } from './bootstrap';
import { seedDemoTenant } from './demo/demo-tenant';

/**
 * The one entry point. STOREBRIDGE_ROLE=all (default) serves HTTP and consumes
 * queues in one process; `api` only serves; `worker` only consumes.
 */
async function main(): Promise<void> {
  let config: AppConfig;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(1);
    }
    throw e;
  }

  let close: () => Promise<void>;
  if (config.STOREBRIDGE_ROLE === 'worker') {
    const worker = await createWorker(config);
    close = worker.close;
  } else {
    const started = await createApp(config);
    await started.app.listen(config.PORT, '0.0.0.0');
    const url = (await started.app.getUrl()).replace('[::1]', 'localhost').replace('0.0.0.0', 'localhost');
    console.log(`storebridge ${config.STOREBRIDGE_ROLE} listening on ${url} (database: ${started.database.embedded ? 'embedded PGlite' : 'DATABASE_URL'}); docs at ${url}/docs`);
    const demo = await seedDemoTenant(started.app, config.STOREBRIDGE_DATA_DIR);
    if (demo) {
      const { tenantId, orgId, token } = demo.credentials;
      console.log(
        [
          '',
          'Created a demo tenant (saved to ' + demo.file + '):',
          `  tenantId: ${tenantId}`,
          `  orgId:    ${orgId}`,
          `  token:    ${token}`,
          '',
          'Try it:',
          `  curl -H "Authorization: Bearer ${token}" -H "X-Tenant-ID: ${tenantId}" -H "X-Org-ID: ${orgId}" ${url}/api/v1/me`,
          '',
        ].join('\n'),
      );
    }
    close = started.close;
  }

  // Drain on SIGTERM/SIGINT: stop accepting, finish in-flight requests and
  // jobs, then stop the embedded database. A second signal forces exit.
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) process.exit(1);
    stopping = true;
    console.log(`${signal} received: draining`);
    close().then(
      () => process.exit(0),
      (e) => {
        console.error(e);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
