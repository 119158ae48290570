import { describe, expect, it } from 'vitest';
import { canTransition } from './letter-status-machine.ts';

describe('letter status machine', () => {
  it('moves forward only', () => {
    expect(canTransition('queued', 'submitted')).toBe(true);
    expect(canTransition('submitted', 'delivered_digital')).toBe(true);
    expect(canTransition('queued', 'delivered_print')).toBe(true);
    expect(canTransition('submitted', 'queued')).toBe(false);
    expect(canTransition('scheduled', 'queued')).toBe(true);
    expect(canTransition('held', 'queued')).toBe(true);
    // The leak guard holds a letter that has not left yet, never one that has.
    expect(canTransition('queued', 'held')).toBe(true);
    expect(canTransition('submitted', 'held')).toBe(false);
  });
  it('never changes a final status, so a late or repeated answer cannot undo an outcome', () => {
    expect(canTransition('delivered_digital', 'failed')).toBe(false);
    expect(canTransition('failed', 'delivered_digital')).toBe(false);
    expect(canTransition('delivered_digital', 'delivered_digital')).toBe(false);
    expect(canTransition('cancelled', 'queued')).toBe(false);
  });
  it('lets only a person close a failed letter as cancelled', () => {
    expect(canTransition('failed', 'cancelled', { byPerson: true })).toBe(true);
    expect(canTransition('failed', 'cancelled')).toBe(false);
    expect(canTransition('delivered_digital', 'cancelled', { byPerson: true })).toBe(false);
    expect(canTransition('cancelled', 'failed', { byPerson: true })).toBe(false);
  });
});
