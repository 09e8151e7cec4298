export * from './seed-data.generator';
export * from './sandbox.server';
export * from './conformance.suite';
export * from './sandbox-consent';
