/**
 * @module
 * Fault injection for simulators of remote services: a rate of transient failures, the next N calls
 * failing, and "fail after step" (the remote does the work, then the answer is lost — what a
 * crash of the caller between two steps looks like to the remote).
 */
import { z } from 'zod';

export const faultSettingsSchema = z.object({
  /** Share (0–1) of API calls answered 503 before doing anything. */
  transientFailureRate: z.number().min(0).max(1).default(0),
  /** The next N API calls answer 503 before doing anything. */
  failNext: z.number().int().min(0).default(0),
  /** The named step does its work, then answers 500, `times` times. */
  failAfter: z.object({ step: z.string().min(1), times: z.number().int().min(1).default(1) }).optional(),
});
export type FaultSettings = z.infer<typeof faultSettingsSchema>;

/** Mutable fault state shared by the routes. */
export class Faults {
  s: FaultSettings;
  constructor(initial: FaultSettings) {
    this.s = initial;
  }
  /** True when this call must fail before doing anything. */
  failBefore(): boolean {
    if (this.s.failNext > 0) {
      this.s.failNext--;
      return true;
    }
    return this.s.transientFailureRate > 0 && Math.random() < this.s.transientFailureRate;
  }
  /** True when the step just done must lose its answer. */
  failAfter(step: string): boolean {
    const f = this.s.failAfter;
    if (!f || f.step !== step) return false;
    if (--f.times <= 0) this.s.failAfter = undefined;
    return true;
  }
}
