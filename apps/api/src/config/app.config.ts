import { plainToInstance, Transform } from 'class-transformer';
import { getMetadataStorage, IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength, validateSync } from 'class-validator';
import type { SyncTuning } from '@storebridge/sync';

export type Role = 'all' | 'api' | 'worker';

/**
 * An optional whole-number setting between `min` and `max`: unset or empty
 * leaves it undefined (the module's default applies).
 */
function WholeNumber(min: number, max: number): PropertyDecorator {
  return (target, key) => {
    const name = String(key);
    const range = `${name} must be a whole number from ${min} to ${max}`;
    // Decorators register bottom-up: the type check runs first.
    Max(max, { message: range })(target, key);
    Min(min, { message: range })(target, key);
    IsInt({ message: range })(target, key);
    IsOptional()(target, key);
    Transform(({ value }) => (value === undefined || value === '' ? undefined : Number(value)))(target, key);
  };
}

const HOUR_MS = 3_600_000;

/**
 * Every setting the host reads, validated at start (Twenty's pattern): a bad
 * value stops the process with a message naming the variable.
 */
export class AppConfig {
  @IsOptional()
  @IsIn(['development', 'test', 'production'])
  NODE_ENV: 'development' | 'test' | 'production' = 'development';

  @Transform(({ value }) => (value === undefined || value === '' ? 3000 : Number(value)))
  @Min(0, { message: 'PORT must be between 0 and 65535' })
  @Max(65535, { message: 'PORT must be between 0 and 65535' })
  // Decorators register bottom-up: the type check runs first.
  @IsInt({ message: 'PORT must be a whole number' })
  PORT = 3000;

  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/\S+$/, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL?: string;

  @Matches(/^rediss?:\/\/[^\s/:]+(:\d{1,5})?(\/\d+)?$/, {
    message: 'REDIS_URL must look like redis://host:port (or rediss://), e.g. redis://127.0.0.1:6379',
  })
  REDIS_URL = 'redis://127.0.0.1:6379';

  @IsOptional()
  @IsString()
  @MinLength(16, { message: 'ADMIN_TOKEN must be at least 16 characters' })
  ADMIN_TOKEN?: string;

  @IsOptional()
  @Matches(/^[A-Za-z0-9+/_-]{43}=?$/, { message: 'STOREBRIDGE_MASTER_KEY must be 32 bytes, base64-encoded' })
  STOREBRIDGE_MASTER_KEY?: string;

  /** Earlier master keys, comma-separated: decrypt only, until `keys:rotate` has re-encrypted every credential. */
  @IsOptional()
  @Matches(/^[A-Za-z0-9+/_-]{43}=?(,[A-Za-z0-9+/_-]{43}=?)*$/, { message: 'STOREBRIDGE_PREVIOUS_MASTER_KEYS must be comma-separated 32-byte base64 keys' })
  STOREBRIDGE_PREVIOUS_MASTER_KEYS?: string;

  @IsOptional()
  @IsString()
  STOREBRIDGE_PLUGINS?: string;

  @IsIn(['all', 'api', 'worker'], { message: 'STOREBRIDGE_ROLE must be one of all, api, worker' })
  STOREBRIDGE_ROLE: Role = 'all';

  /** Where the embedded database and generated local secrets live. */
  @IsString()
  STOREBRIDGE_DATA_DIR = '.storebridge';

  /** Prefix of every Redis key the queues use, so several installs can share a Redis. */
  @Matches(/^[A-Za-z0-9_-]{1,64}$/, { message: 'STOREBRIDGE_QUEUE_PREFIX may hold letters, digits, _ and - only' })
  STOREBRIDGE_QUEUE_PREFIX = 'storebridge';

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent' = 'info';

  /** Public base URL of this API, used in OAuth redirect URIs and the connect page. */
  @IsOptional()
  @Matches(/^https?:\/\/\S+$/, { message: 'PUBLIC_URL must be an http(s) URL' })
  PUBLIC_URL?: string;

  // Sync engine tuning (libs/sync DEFAULT_SYNC_TUNING when unset); see the README's table.
  /** Attempts of one delivery to one store, the first included. */
  @WholeNumber(1, 100) SYNC_PUSH_ATTEMPTS?: number;
  /** First step of the exponential backoff between attempts. */
  @WholeNumber(0, HOUR_MS) SYNC_BACKOFF_MS?: number;
  /** Scheduled incremental import of every ACTIVE connection; 0 = none. */
  @WholeNumber(0, 7 * 24 * HOUR_MS) SYNC_IMPORT_INTERVAL_MS?: number;
  /** Period of the tick (relay, auto-push, schedules); 0 = no automatic tick. */
  @WholeNumber(0, HOUR_MS) SYNC_TICK_MS?: number;
  /** Recorded requests older than this and not yet in Bull are re-enqueued. */
  @WholeNumber(0, HOUR_MS) SYNC_RELAY_AFTER_MS?: number;
  /** Incremental imports start this long before the last high-water mark. */
  @WholeNumber(0, 7 * 24 * HOUR_MS) SYNC_OVERLAP_MS?: number;
  /** Records asked of a provider per page (providers cap it at their own maximum). */
  @WholeNumber(1, 250) SYNC_IMPORT_PAGE_SIZE?: number;
  /** Bull lock of a running job; a killed worker's job is taken up again after about this long. */
  @WholeNumber(1_000, HOUR_MS) SYNC_LOCK_MS?: number;
  /** Push jobs one worker process runs at once. */
  @WholeNumber(1, 1_000) SYNC_DELIVERY_CONCURRENCY?: number;
  /** Imports one worker process runs at once. */
  @WholeNumber(1, 100) SYNC_IMPORT_CONCURRENCY?: number;

  /** The SYNC_* settings given, by the sync engine's names (unset ones left out). */
  syncTuning(): Partial<SyncTuning> {
    const given: Partial<SyncTuning> = {
      pushAttempts: this.SYNC_PUSH_ATTEMPTS,
      backoffMs: this.SYNC_BACKOFF_MS,
      importIntervalMs: this.SYNC_IMPORT_INTERVAL_MS,
      tickMs: this.SYNC_TICK_MS,
      relayAfterMs: this.SYNC_RELAY_AFTER_MS,
      overlapMs: this.SYNC_OVERLAP_MS,
      importPageSize: this.SYNC_IMPORT_PAGE_SIZE,
      lockMs: this.SYNC_LOCK_MS,
      deliveryConcurrency: this.SYNC_DELIVERY_CONCURRENCY,
      importConcurrency: this.SYNC_IMPORT_CONCURRENCY,
    };
    return Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined));
  }

  get isProduction(): boolean {
    return this.NODE_ENV === 'production';
  }
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * The variables the host reads: every property with a validation rule (each
 * has at least one), so declaring a setting is all it takes for it to be read.
 */
const KNOWN = new Set(getMetadataStorage().getTargetValidationMetadatas(AppConfig, '', false, false).map((m) => m.propertyName));

/** Validate the environment; throws ConfigError listing every problem. */
export function loadConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  const picked: Record<string, string> = {};
  for (const key of KNOWN) {
    const v = env[key];
    if (v !== undefined && v !== '') picked[key] = v;
  }
  const config = plainToInstance(AppConfig, picked, { exposeDefaultValues: true });
  const errors = validateSync(config, { whitelist: false, stopAtFirstError: true });
  if (errors.length) {
    throw new ConfigError(errors.flatMap((e) => Object.values(e.constraints ?? { invalid: `${e.property} is invalid` })));
  }
  return config;
}
