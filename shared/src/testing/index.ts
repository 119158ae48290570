export * from './fixtures.ts';
export * from './provider-conformance.ts';
export * from './archive-conformance.ts';
