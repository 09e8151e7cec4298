export * from './bootstrap';
export * from './app.module';
export * from './config/app.config';
export * from './config/config.token';
export * from './demo/demo-tenant';
export * from './http/api-exception.filter';
export * from './plugins/plugin-loader';
