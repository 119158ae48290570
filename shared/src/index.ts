export * from './ids/index.ts';
export * from './domain/index.ts';
export * from './sdk/index.ts';
export { inLanguage } from './text/one-language.ts';
