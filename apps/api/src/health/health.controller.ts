import { Controller, Get, HttpStatus, Inject, OnModuleDestroy, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { redisOptionsFromUrl } from '../queues/redis-connection';

export const HEALTH_REDIS_URL = Symbol('HEALTH_REDIS_URL');

type Check = { status: 'up' } | { status: 'down'; message: string };

const TIMEOUT_MS = 2000;

function withTimeout<T>(p: Promise<T>, what: string): Promise<T> {
  return Promise.race([
    p,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`${what} did not answer within ${TIMEOUT_MS} ms`)), TIMEOUT_MS).unref()),
  ]);
}

@ApiTags('health')
@Controller('health')
export class HealthController implements OnModuleDestroy {
  // A connection of its own that fails fast: no offline queue, one retry.
  private readonly redis: Redis;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(HEALTH_REDIS_URL) redisUrl: string,
  ) {
    this.redis = new Redis({
      ...redisOptionsFromUrl(redisUrl),
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      connectTimeout: TIMEOUT_MS,
      retryStrategy: (times) => Math.min(times * 200, 2000),
    });
    this.redis.on('error', () => undefined);
  }

  @Get()
  @ApiOperation({ summary: 'Postgres and Redis reachability; 503 when either is down' })
  async check(@Res() res: Response): Promise<void> {
    const [database, redis] = await Promise.all([
      this.probe(() => this.dataSource.query('SELECT 1'), 'Postgres'),
      this.probe(async () => {
        if (this.redis.status === 'wait' || this.redis.status === 'end') await this.redis.connect().catch(() => undefined);
        return this.redis.ping();
      }, 'Redis'),
    ]);
    const healthy = database.status === 'up' && redis.status === 'up';
    res.status(healthy ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).json(
      healthy
        ? { status: 'ok', checks: { database, redis } }
        : { status: 'error', error: 'service_unavailable', message: 'A dependency is down', checks: { database, redis } },
    );
  }

  async onModuleDestroy(): Promise<void> {
    this.redis.disconnect();
  }

  private async probe(fn: () => Promise<unknown>, what: string): Promise<Check> {
    try {
      await withTimeout(fn(), what);
      return { status: 'up' };
    } catch (e) {
      return { status: 'down', message: e instanceof Error ? e.message : String(e) };
    }
  }
}
