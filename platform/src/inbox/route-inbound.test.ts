import { describe, expect, it } from 'vitest';
import { routeInbound, routingRulesSchema } from './route-inbound.ts';

const msg = {
  sender: { idType: 'CVR', id: '12345678' },
  recipient: { idType: 'CVR', id: '29189846', contactPointId: 'cp-1' },
  routing: { kle: '28.12.08', form: 'F1', pNumber: '1000000001' },
};

describe('routeInbound', () => {
  it('first rule whose every condition holds wins', () => {
    const rules = [
      { match: { kle: '28.12.08', senderIdType: 'CPR' }, assignTo: { team: 'A' } },
      { match: { pNumber: '1000000001' }, assignTo: { user: 'bo' } },
      { match: { kle: '28.12.08' }, assignTo: { team: 'C' } },
    ];
    expect(routeInbound(rules, msg)).toEqual({ assignTo: { user: 'bo' }, by: 1 });
  });
  it('contact point from the recipient; case id from ReplyData', () => {
    expect(routeInbound([{ match: { contactPointId: 'CP-1' }, assignTo: { team: 'X' } }], msg).by).toBe(0);
    expect(routeInbound([{ match: { caseId: 'S-1' }, assignTo: { team: 'X' } }], { ...msg, replyTo: { caseId: 'S-1' } }).by).toBe(0);
  });
  it('a reply no rule takes goes to its letter team; else nobody', () => {
    expect(routeInbound([], msg, 'Ydelser')).toEqual({ assignTo: { team: 'Ydelser' }, by: 'reply' });
    expect(routeInbound([{ match: { form: 'other' }, assignTo: { team: 'X' } }], msg)).toEqual({ assignTo: null, by: 'none' });
  });
  it('refuses a rule without conditions or target, naming it', () => {
    const r = routingRulesSchema.safeParse({
      rules: [
        { match: {}, assignTo: { team: 'X' } },
        { match: { kle: '1' }, assignTo: {} },
      ],
    });
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => i.path.join('.'))).toEqual(['rules.0.match', 'rules.1.assignTo']);
    expect(routingRulesSchema.safeParse({ rules: [{ match: { colour: 'red' }, assignTo: { team: 'X' } }] }).success).toBe(false);
  });
});
