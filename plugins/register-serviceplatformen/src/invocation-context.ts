/**
 * @module
 * The InvocationContext every Serviceplatformen call carries in its request (the "context"
 * variant of the services' WSDLs): which service agreement, user system and user make the call,
 * for which service. Serviceplatformen checks it against its agreements.
 */
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces.js';

/** The InvocationContext namespace. */
export const INVOCATION_CONTEXT_NS = 'http://serviceplatformen.dk/xml/schemas/InvocationContext/1/';

/** The four UUIDs of a call. */
export interface InvocationContext {
  serviceAgreementUuid: string;
  userSystemUuid: string;
  userUuid: string;
  serviceUuid: string;
}

/** Appends `invctx:InvocationContext` to a request element. */
export function appendInvocationContext(parent: XMLBuilder, ctx: InvocationContext): void {
  const e = parent.ele(INVOCATION_CONTEXT_NS, 'invctx:InvocationContext');
  e.ele(INVOCATION_CONTEXT_NS, 'invctx:ServiceAgreementUUID').txt(ctx.serviceAgreementUuid).up();
  e.ele(INVOCATION_CONTEXT_NS, 'invctx:UserSystemUUID').txt(ctx.userSystemUuid).up();
  e.ele(INVOCATION_CONTEXT_NS, 'invctx:UserUUID').txt(ctx.userUuid).up();
  e.ele(INVOCATION_CONTEXT_NS, 'invctx:ServiceUUID').txt(ctx.serviceUuid).up();
}
