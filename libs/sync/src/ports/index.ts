export * from './sync-catalog.port';
export * from './sync-connections.port';
export * from './sync-orders.port';
export * from './sync-metrics.port';
