export * from './recipient.ts';
export * from './actions.ts';
export * from './letter-status.ts';
export * from './shipment-request.ts';
export * from './status-labels.ts';
