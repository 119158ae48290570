/**
 * @module
 * The sandbox register's table: test persons (every minor with two custody holders) and companies
 * with production units. All numbers are made up; the README lists them. The table is data only,
 * checked by `registerTableSchema` like the extra rows IT may add in the config.
 */
import { z } from 'zod';
import { cprAge, isValidCpr, isValidCvr, isValidPNumber, postalAddressSchema } from '@brevdue/shared';

const cpr = z.string().refine(isValidCpr, 'must be a CPR number: ten digits DDMMYYSSSS with a real date');

/** A person of the table. */
export const sandboxPersonSchema = z.object({
  cpr,
  name: z.string().trim().min(1).max(100),
  address: postalAddressSchema.optional(),
  /** Name and address protection: the register answers no address for this person. */
  addressProtected: z.boolean().default(false),
  /** Custody holders (for a minor): CPR numbers of other persons in the table. */
  custody: z
    .array(z.object({ cpr, relation: z.enum(['mother', 'father', 'other']) }))
    .max(2, 'CPR records at most two custody holders')
    .default([]),
});
export type SandboxPerson = z.infer<typeof sandboxPersonSchema>;

/** A company of the table with its production units. */
export const sandboxCompanySchema = z.object({
  cvr: z.string().refine(isValidCvr, 'must be a CVR number: eight digits satisfying modulus 11'),
  name: z.string().trim().min(1).max(100),
  units: z.array(
    z.object({
      pNumber: z.string().refine(isValidPNumber, 'must be a P-number: ten digits'),
      name: z.string().trim().min(1).max(100),
      address: postalAddressSchema.optional(),
      /** A ceased unit: kept in the table, never answered. */
      ceased: z.boolean().default(false),
    }),
  ),
});
export type SandboxCompany = z.infer<typeof sandboxCompanySchema>;

/**
 * A whole table: persons and companies, where every minor (on `at`) has exactly two custody
 * holders who are persons in the table.
 */
export function registerTableSchema(at: () => Date) {
  return z.object({ persons: z.array(sandboxPersonSchema), companies: z.array(sandboxCompanySchema) }).superRefine((t, ctx) => {
    const known = new Set(t.persons.map((p) => p.cpr));
    t.persons.forEach((p, i) => {
      const age = cprAge(p.cpr, at());
      if (age !== undefined && age < 18 && p.custody.length !== 2) {
        ctx.addIssue({
          code: 'custom',
          path: ['persons', i, 'custody'],
          message: 'every minor in the sandbox table has two custody holders: add them',
        });
      }
      p.custody.forEach((c, j) => {
        if (!known.has(c.cpr))
          ctx.addIssue({
            code: 'custom',
            path: ['persons', i, 'custody', j, 'cpr'],
            message: 'the custody holder must be a person in the table: add the person',
          });
      });
    });
  });
}
/** The whole table the register answers from. */
export type RegisterTable = { persons: SandboxPerson[]; companies: SandboxCompany[] };

const dk = (name: string, line: string, postalCode: string, city: string) => ({ name, lines: [line], postalCode, city, country: 'DK' });

/** The built-in persons. Children are born 2012–2016, so they stay minors until 2030 at least. */
export const SANDBOX_PERSONS: readonly z.input<typeof sandboxPersonSchema>[] = [
  // The Jensen family: two children, mother and father hold custody together.
  { cpr: '1203824312', name: 'Anne Jensen', address: dk('Anne Jensen', 'Skolevej 12', '8000', 'Aarhus C') },
  { cpr: '0409794313', name: 'Peter Jensen', address: dk('Peter Jensen', 'Skolevej 12', '8000', 'Aarhus C') },
  {
    cpr: '1505144320',
    name: 'Emma Jensen',
    address: dk('Emma Jensen', 'Skolevej 12', '8000', 'Aarhus C'),
    custody: [
      { cpr: '1203824312', relation: 'mother' },
      { cpr: '0409794313', relation: 'father' },
    ],
  },
  {
    cpr: '2208164311',
    name: 'Oliver Jensen',
    address: dk('Oliver Jensen', 'Skolevej 12', '8000', 'Aarhus C'),
    custody: [
      { cpr: '1203824312', relation: 'mother' },
      { cpr: '0409794313', relation: 'father' },
    ],
  },
  // Parents living apart; the mother has name and address protection.
  { cpr: '0811874324', name: 'Sara Larsen', addressProtected: true },
  { cpr: '1901854315', name: 'Mads Holm', address: dk('Mads Holm', 'Havnegade 3, 2. th.', '5000', 'Odense C') },
  {
    cpr: '3006134328',
    name: 'Freja Larsen',
    custody: [
      { cpr: '0811874324', relation: 'mother' },
      { cpr: '1901854315', relation: 'father' },
    ],
  },
  // Custody held by two others (CPR types 5 and 6): the grandparents.
  { cpr: '1706554326', name: 'Birthe Nielsen', address: dk('Birthe Nielsen', 'Kirkestien 7', '7100', 'Vejle') },
  { cpr: '2111524319', name: 'Hans Nielsen', address: dk('Hans Nielsen', 'Kirkestien 7', '7100', 'Vejle') },
  {
    cpr: '0302124317',
    name: 'Noah Nielsen',
    address: dk('Noah Nielsen', 'Kirkestien 7', '7100', 'Vejle'),
    custody: [
      { cpr: '1706554326', relation: 'other' },
      { cpr: '2111524319', relation: 'other' },
    ],
  },
  // Adults the sandbox provider knows too (plugins/sandbox/README.md "Test recipients").
  { cpr: '0101904321', name: 'Jens Hansen', address: dk('Jens Hansen', 'Vestergade 1', '1456', 'København K') },
  { cpr: '0101701111', name: 'Ida Print', address: dk('Ida Print', 'Papirvej 2', '9000', 'Aalborg') },
  { cpr: '0202702222', name: 'Poul Papir', address: dk('Poul Papir', 'Papirvej 4', '9000', 'Aalborg') },
  { cpr: '0303703333', name: 'Erik Fritaget', address: dk('Erik Fritaget', 'Landevejen 9', '6000', 'Kolding') },
  { cpr: '0505705555', name: 'Sofie Udenmobil', address: dk('Sofie Udenmobil', 'Bygaden 5', '4000', 'Roskilde') },
];

/** The built-in companies. */
export const SANDBOX_COMPANIES: readonly z.input<typeof sandboxCompanySchema>[] = [
  {
    cvr: '29189846',
    name: 'Testkommune',
    units: [
      { pNumber: '1003388394', name: 'Testkommune Rådhus', address: dk('Testkommune Rådhus', 'Rådhuspladsen 1', '8000', 'Aarhus C') },
      { pNumber: '1017605124', name: 'Nordskolen', address: dk('Nordskolen', 'Nordre Allé 20', '8200', 'Aarhus N') },
      { pNumber: '1017605132', name: 'Sydskolen', address: dk('Sydskolen', 'Søndervej 44', '8260', 'Viby J') },
      {
        pNumber: '1002345678',
        name: 'Det gamle bibliotek',
        address: dk('Det gamle bibliotek', 'Bogtrykkergade 2', '8000', 'Aarhus C'),
        ceased: true,
      },
    ],
  },
  {
    cvr: '25530004',
    name: 'Sandbox Tømrer ApS',
    units: [{ pNumber: '1020304050', name: 'Sandbox Tømrer ApS', address: dk('Sandbox Tømrer ApS', 'Værkstedsvej 8', '2600', 'Glostrup') }],
  },
  // A company whose only unit has ceased: it answers no units.
  {
    cvr: '41020008',
    name: 'Lukket Butik I/S',
    units: [{ pNumber: '1099887766', name: 'Lukket Butik', address: dk('Lukket Butik', 'Torvet 1', '4700', 'Næstved'), ceased: true }],
  },
];
