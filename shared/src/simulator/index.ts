export { Faults, faultSettingsSchema, type FaultSettings } from './faults.ts';
