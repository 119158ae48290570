import { describe, expect, it } from 'vitest';
import { digipostConfigSchema } from './config.ts';
import { buildMessage } from './message-xml.ts';
import { norwegianLetter } from './test-support.ts';
import { digipostSchema, validateDigipostXml } from './xsd-validator.ts';

const config = digipostConfigSchema.parse({ brokerId: '1000', certificatePath: '/dev/null' });
const NS = 'http://api.digipost.no/schema/v8';

describe('validateDigipostXml (api_v8.xsd + datatypes.xsd through @brevdue/shared/xml)', () => {
  it('accepts a built message, as text and as UTF-8 bytes', () => {
    const xml = buildMessage(norwegianLetter({ subject: 'Vedtak – æøå' }), config).xml;
    expect(validateDigipostXml(xml)).toEqual({ valid: true, errors: [] });
    expect(validateDigipostXml(Buffer.from(xml, 'utf8'))).toEqual({ valid: true, errors: [] });
  });

  it('refuses an element api_v8.xsd does not allow, naming it with its line', () => {
    const r = validateDigipostXml(
      `<identification xmlns="${NS}">\n<personal-identification-number>15058510170</personal-identification-number>\n<nickname>x</nickname></identification>`,
    );
    expect(r.valid).toBe(false);
    expect(r.errors[0]).toMatch(/^line 3: .*nickname.*not expected/);
  });

  it('refuses a data type that datatypes.xsd does not allow (the wrapper imports both schemas)', () => {
    const r = validateDigipostXml(`<inkasso xmlns="http://api.digipost.no/schema/datatypes"><sum>not a number</sum></inkasso>`);
    expect(r.valid).toBe(false);
    expect(r.errors.join(' ')).toMatch(/sum/);
  });

  it('answers not well-formed XML with the parser message instead of throwing', () => {
    const r = validateDigipostXml(`<identification xmlns="${NS}"><personal-identification-number>1`);
    expect(r.valid).toBe(false);
    expect(r.errors.length).toBeGreaterThan(0);
  });

  it('compiles the schema set once for the process', () => {
    expect(digipostSchema()).toBe(digipostSchema());
    expect(digipostSchema().root).toBe('v8-with-datatypes.xsd');
  });
});
