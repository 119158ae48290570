import { describe, expect, it } from 'vitest';
import { configSchema } from '../config/config-schema.ts';

describe('the webhooks section of the config', () => {
  it('allows https to public addresses only, with an empty allow-list, by default', () => {
    expect(configSchema.parse({}).webhooks).toEqual({ allowHttp: false, allowList: [] });
  });

  it('takes host names, addresses and CIDR ranges, and names the field of a bad entry', () => {
    expect(
      configSchema.parse({ webhooks: { allowList: ['Hooks.Intern.Kommune.dk', '10.20.0.0/16', '::1', '127.0.0.1'] } }).webhooks.allowList,
    ).toEqual(['hooks.intern.kommune.dk', '10.20.0.0/16', '::1', '127.0.0.1']);
    const bad = configSchema.safeParse({ webhooks: { allowList: ['http://10.0.0.1/'] } });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.path).toEqual(['webhooks', 'allowList', 0]);
    expect(bad.error?.issues[0]?.message).toMatch(/CIDR/);
  });
});
