import { describe, expect, it } from 'vitest';
import { createProviderGate } from './provider-gates.ts';

describe('createProviderGate', () => {
  it('lets `limit` sends through at once and the next in when one gives its place back', async () => {
    const gate = createProviderGate(2);
    const a = await gate.acquire();
    const b = await gate.acquire();
    let third = false;
    const c = gate.acquire().then((r) => ((third = true), r));
    await Promise.resolve();
    expect([gate.inFlight, third]).toEqual([2, false]);
    a();
    a(); // giving a place back twice frees it once
    const release = await c;
    expect([gate.inFlight, third]).toEqual([2, true]);
    b();
    release();
    expect(gate.inFlight).toBe(0);
  });

  it('pauses for the longest pause asked, by its clock', () => {
    let now = 1_000;
    const gate = createProviderGate(5, () => now);
    expect(gate.pausedForMs()).toBe(0);
    gate.pause(3);
    gate.pause(1);
    expect(gate.pausedForMs()).toBe(3000);
    now += 2500;
    expect(gate.pausedForMs()).toBe(500);
    now += 600;
    expect(gate.pausedForMs()).toBe(0);
  });
});
