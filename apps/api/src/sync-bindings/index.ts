export { SyncBindingsModule } from './sync-bindings.module';
export { SyncMetricsBinding } from './sync-metrics.binding';
