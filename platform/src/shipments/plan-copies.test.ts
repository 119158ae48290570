import { describe, expect, it } from 'vitest';
import { loadSandboxRegister } from '../../test/plugins/load-sandbox-register.ts';
import { type ShipmentRequestInput, shipmentRequestSchema } from '@brevdue/shared';
import { makeTestContext } from '@brevdue/shared/testing';
import { ApiError } from '../http/api-error.ts';
import { planCopies } from './plan-copies.ts';

const sandboxRegister = await loadSandboxRegister();

const EMMA = '1505144320'; // a minor; mother 1203824312, father 0409794313
const FREJA = '3006134328'; // a minor whose mother has address protection
const JENS = '0101904321'; // an adult
const UNKNOWN_MINOR = '0101154321';

async function sandboxHost() {
  const register = await sandboxRegister.create(sandboxRegister.configSchema.parse({}), makeTestContext({ name: 'sandbox-register' }));
  return { registers: new Map([['sandbox-register', { name: 'sandbox-register', definition: sandboxRegister, register }]]) };
}

const request = (recipients: ShipmentRequestInput['recipients'], guardianCopies = true) =>
  shipmentRequestSchema.parse({ subject: 'Brev', mainDocument: crypto.randomUUID(), options: { guardianCopies }, recipients });

describe('planCopies', () => {
  it('copies a minor’s letter to each custody holder, allowing the child’s CPR number; adults get none', async () => {
    const plan = await planCopies(
      await sandboxHost(),
      request([
        { idType: 'CPR', id: JENS },
        { idType: 'CPR', id: EMMA },
      ]),
      'create',
    );
    expect(plan.copies.map((c) => [c.of, c.kind, c.recipient.id, c.relation, c.alsoAllowed])).toEqual([
      [1, 'guardian', '1203824312', 'mother', [EMMA]],
      [1, 'guardian', '0409794313', 'father', [EMMA]],
    ]);
  });

  it('warns of a holder with address protection, who comes without an address', async () => {
    const plan = await planCopies(await sandboxHost(), request([{ idType: 'CPR', id: FREJA }]), 'create');
    const mother = plan.copies.find((c) => c.relation === 'mother')!;
    expect(mother.recipient.address).toBeUndefined();
    expect(mother.warnings.join()).toMatch(/adressebeskyttelse/);
  });

  it('lists manual copies first, in request order, and looks nothing up without guardianCopies', async () => {
    const req = request(
      [
        {
          idType: 'CPR',
          id: EMMA,
          copies: [
            { idType: 'CVR', id: '29189846' },
            { idType: 'CPR', id: JENS },
          ],
        },
      ],
      false,
    );
    const plan = await planCopies({ registers: new Map() }, req, 'create');
    expect(plan.copies.map((c) => [c.kind, c.recipient.id, c.field, c.alsoAllowed])).toEqual([
      ['manual', '29189846', 'recipients[0].copies[0]', []],
      ['manual', JENS, 'recipients[0].copies[1]', []],
    ]);
  });

  it('refuses a child the register does not know when creating, and only warns in preview', async () => {
    const req = request([
      { idType: 'CPR', id: JENS },
      { idType: 'CPR', id: UNKNOWN_MINOR },
    ]);
    const host = await sandboxHost();
    const refusal = await planCopies(host, req, 'create').catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(ApiError);
    expect(refusal).toMatchObject({ status: 422, field: 'recipients[1].id' });
    const preview = await planCopies(host, req, 'preview');
    expect(preview.copies).toEqual([]);
    expect(preview.warnings.get(1)?.join()).toMatch(/does not know the child's CPR number/);
  });

  it('refuses guardianCopies without a register, in preview too, naming the option', async () => {
    const req = request([{ idType: 'CPR', id: EMMA }]);
    await expect(planCopies({ registers: new Map() }, req, 'preview')).rejects.toMatchObject({
      status: 400,
      field: 'options.guardianCopies',
    });
  });
});
