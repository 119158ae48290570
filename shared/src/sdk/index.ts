export * from './define.ts';
export * from './provider.ts';
export * from './archive-target.ts';
export * from './context.ts';
export * from './errors.ts';
export * from './simulator.ts';
export * from './archive-answer.ts';
