/**
 * @module
 * Texts the send worker writes into letters' reasons, Danish first with English alongside.
 */
export const DISPATCH_MESSAGES = {
  retriesExhausted: (reason: string) => `Opgivet efter gentagne forsøg / gave up after repeated attempts: ${reason}`,
} as const;
