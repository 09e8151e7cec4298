import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { TenancyService } from '@storebridge/tenancy';
import { generateKey, KeyRing, KeyRotationService } from '@storebridge/connections';
import { AppModule } from './app.module';
import { CommandUsageError, runConnectionSync } from './sync-bindings/connections-sync.command';
import { prepareDatabase } from './bootstrap';
import { ConfigError, loadConfig } from './config/app.config';

type Command = (args: Record<string, string | true>, app: Awaited<ReturnType<typeof NestFactory.createApplicationContext>>) => Promise<unknown>;

const COMMANDS: Record<string, { usage: string; run: Command }> = {
  'tenant:create': {
    usage: 'tenant:create --name <name>',
    run: async (args, app) => {
      if (typeof args.name !== 'string' || !args.name.trim()) throw new UsageError('--name is required');
      const { tenantId, orgId, token } = await app.get(TenancyService).createTenant(args.name.trim());
      return { tenantId, orgId, token };
    },
  },
  'keys:rotate': {
    usage: 'keys:rotate [--generate]   re-encrypt every stored credential under the current master key',
    // With STOREBRIDGE_MASTER_KEY set: make it the new key and keep the old one in
    // STOREBRIDGE_PREVIOUS_MASTER_KEYS while this runs (running instances keep
    // decrypting with it). Without one (development): a new key is generated into
    // the data dir's key file, which running instances pick up on their own.
    run: async (args, app) => {
      const keys = app.get(KeyRing);
      if (args.generate === true && !keys.fromFile) throw new UsageError('--generate is for the development key file; in production set STOREBRIDGE_MASTER_KEY to the new key');
      const newKey = keys.fromFile ? generateKey() : undefined;
      return app.get(KeyRotationService).rotate({ newKey });
    },
  },
  'connections:sync': {
    usage: 'connections:sync <connectionId> --objects products,orders [--full]   import in the foreground with progress and a summary',
    run: (args, app) => runConnectionSync(app, args),
  },
};

class UsageError extends CommandUsageError {}

function parseArgs(argv: string[]): Record<string, string | true> {
  const out: Record<string, string | true> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) {
      // One positional argument (e.g. a connection id) goes under `_`.
      if (out._ !== undefined) throw new UsageError(`Unexpected argument ${a}`);
      out._ = a;
      continue;
    }
    const [key, inline] = a.slice(2).split('=', 2);
    if (inline !== undefined) out[key] = inline;
    else if (argv[i + 1] !== undefined && !argv[i + 1].startsWith('--')) out[key] = argv[++i];
    else out[key] = true;
  }
  return out;
}

/** Operator commands over the same services as the API. Prints JSON. */
async function main(): Promise<number> {
  const [name, ...rest] = process.argv.slice(2);
  const command = name ? COMMANDS[name] : undefined;
  if (!command) {
    console.error(`Usage: npm run cli -- <command>\nCommands:\n${Object.values(COMMANDS).map((c) => `  ${c.usage}`).join('\n')}`);
    return 2;
  }
  const config = loadConfig({ ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' });
  const args = parseArgs(rest);
  const db = await prepareDatabase(config);
  const app = await NestFactory.createApplicationContext(
    AppModule.forRoot({ config, databaseUrl: db.url, poolSize: 2, http: false, workers: false }),
    { logger: ['error'] },
  );
  try {
    const result = await command.run(args, app);
    console.log(JSON.stringify(result, null, 2));
    return 0;
  } finally {
    await app.close();
    await db.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(e instanceof CommandUsageError || e instanceof ConfigError ? e.message : e);
    process.exit(e instanceof CommandUsageError ? 2 : 1);
  },
);
