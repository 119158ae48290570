export * from './fixtures.ts';
export * from './provider-conformance.ts';
export * from './archive-conformance.ts';
export * from './register-conformance.ts';
export * from './inbound-conformance.ts';
