export * from './seed-data.generator';
export * from './sandbox.server';
export * from './conformance.suite';
export * from './sandbox-consent';
export * from './governor-bench';
