import { Logger as NestLogger, type INestApplication, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import type { AppConfig } from './config/app.config';
import { resolveDatabase, runMigrations, type ResolvedDatabase } from './database/database';
import { ApiExceptionFilter } from './http/api-exception.filter';
import { mountBullBoard } from './http/bull-board';
import { createValidationPipe } from './http/validation';
import { httpMetricsMiddleware } from './metrics/http-metrics.middleware';
import { MetricsService } from './metrics/metrics.service';

/** Largest JSON body any route accepts. */
export const JSON_BODY_LIMIT = '10mb';

export interface StartedApp {
  app: INestApplication;
  database: ResolvedDatabase;
  /** Closes HTTP, workers and the embedded database, in that order. */
  close(): Promise<void>;
}

/** Resolve the database (embedded when no URL) and apply migrations. */
export async function prepareDatabase(config: AppConfig): Promise<ResolvedDatabase> {
  const database = await resolveDatabase(config.DATABASE_URL, config.STOREBRIDGE_DATA_DIR);
  try {
    await runMigrations(database.url);
  } catch (e) {
    await database.stop();
    throw e;
  }
  return database;
}

/**
 * The HTTP app, fully configured but not listening: tests call `init()` and
 * drive it with supertest, `main.ts` calls `listen()`.
 */
export async function createApp(config: AppConfig, database?: ResolvedDatabase): Promise<StartedApp> {
  const db = database ?? (await prepareDatabase(config));
  const workers = config.STOREBRIDGE_ROLE !== 'api';
  const app = await NestFactory.create<NestExpressApplication>(
    AppModule.forRoot({ config, databaseUrl: db.url, poolSize: db.poolSize, http: true, workers }),
    // Body parsers are registered below, with our limits; rawBody keeps the
    // bytes webhook signatures are computed over.
    { bufferLogs: true, rawBody: true, bodyParser: false, abortOnError: false },
  );
  app.useLogger(app.get(Logger));
  // A 1000-action catalog sync runs to a few hundred KB: past Express's 100 KB default.
  app.useBodyParser('json', { limit: JSON_BODY_LIMIT });
  app.useBodyParser('urlencoded', { extended: false, limit: '1mb' });
  app.use(httpMetricsMiddleware(app.get(MetricsService)));
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ApiExceptionFilter());
  mountBullBoard(app, config.ADMIN_TOKEN);

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('storebridge')
      .setDescription('One REST API in front of many commerce platforms.')
      .setVersion('0.1.0')
      .addBearerAuth()
      .addGlobalParameters(
        { name: 'X-Tenant-ID', in: 'header', required: false, schema: { type: 'string', format: 'uuid' } },
        { name: 'X-Org-ID', in: 'header', required: false, schema: { type: 'string', format: 'uuid' } },
      )
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });

  let closed = false;
  return {
    app,
    database: db,
    async close() {
      if (closed) return;
      closed = true;
      await app.close();
      await db.stop();
    },
  };
}

/** A process that only consumes queues (STOREBRIDGE_ROLE=worker). */
export async function createWorker(config: AppConfig, database?: ResolvedDatabase): Promise<{ context: INestApplicationContext; close(): Promise<void> }> {
  const db = database ?? (await prepareDatabase(config));
  const context = await NestFactory.createApplicationContext(
    AppModule.forRoot({ config, databaseUrl: db.url, poolSize: db.poolSize, http: false, workers: true }),
    { bufferLogs: true, abortOnError: false },
  );
  context.useLogger(context.get(Logger));
  new NestLogger('Worker').log('Worker started; consuming queues');
  return {
    context,
    async close() {
      await context.close();
      await db.stop();
    },
  };
}
