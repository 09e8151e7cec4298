import { SyncDeliveryEntity } from './sync-delivery.entity';
import { SyncJobEntity } from './sync-job.entity';
import { SyncSettingsEntity } from './sync-settings.entity';

export * from './sync-delivery.entity';
export * from './sync-job.entity';
export * from './sync-settings.entity';

/**
 * Tables read through the tenant-scoped repositories. The hot-path tables
 * (sync_product_links, sync_delivery_attempts, sync_import_progress,
 * sync_connection_state, sync_webhook_events) are written with set-based SQL
 * that carries the tenant scope explicitly.
 */
export const SYNC_ENTITIES = [SyncJobEntity, SyncDeliveryEntity, SyncSettingsEntity];
