/**
 * @module
 * The simulator's settings: the agreements it accepts and the register's table (CPR persons with
 * parents and custody records, CVR companies with production units). The default table is made
 * up; the README lists it.
 */
import { z } from 'zod';
import { isValidCpr, isValidCvr, isValidPNumber } from '@brevdue/shared';

const cpr = z.string().refine(isValidCpr, 'must be a CPR number');

const simAddress = z.object({
  street: z.string().min(1).max(40),
  /** House number as CPR/CVR write it: 1–999 with an optional capital letter. */
  number: z.string().regex(/^[1-9]\d{0,2}[A-Z]?$/),
  floor: z.string().optional(),
  door: z.string().max(4).optional(),
  postCode: z.string().regex(/^\d{4}$/),
  district: z.string().min(1).max(20),
  co: z.string().optional(),
});

/** A person of the simulator's CPR table. */
export const simPersonSchema = z.object({
  cpr,
  firstName: z.string().min(1),
  lastName: z.string().min(1),
  address: simAddress.optional(),
  /** Name and address protection (adressebeskyttelse). */
  protected: z.boolean().default(false),
  /** CPR status: 1 active … 90 dead. */
  status: z.number().int().default(1),
  mother: cpr.optional(),
  father: cpr.optional(),
  /** Custody records: type 3 mother, 4 father (CPR then from mother/father), 5/6 others with `cpr`. */
  custody: z.array(z.object({ type: z.union([z.literal(3), z.literal(4), z.literal(5), z.literal(6)]), cpr: cpr.optional() })).default([]),
});
export type SimPerson = z.infer<typeof simPersonSchema>;

/** A company of the simulator's CVR table with its units. */
export const simCompanySchema = z.object({
  cvr: z.string().refine(isValidCvr, 'must be a CVR number'),
  units: z.array(
    z.object({
      pNumber: z.string().refine(isValidPNumber, 'must be a P-number'),
      name: z.string().min(1),
      address: simAddress,
      startDate: z
        .string()
        .regex(/^\d{4}-\d{2}-\d{2}$/)
        .default('2007-01-01'),
      cessationDate: z
        .string()
        .regex(/^\d{4}-\d{2}-\d{2}$/)
        .optional(),
    }),
  ),
});
export type SimCompany = z.infer<typeof simCompanySchema>;

/** The agreement the simulator accepts by default; `info` hands them to a test config. */
export const SIM_AGREEMENTS = {
  sf1520: '11111111-1520-4aaa-8aaa-111111111111',
  sf1530: '22222222-1530-4bbb-8bbb-222222222222',
  userSystem: '33333333-3333-4ccc-8ccc-333333333333',
  user: '44444444-4444-4ddd-8ddd-444444444444',
} as const;

const P = (p: z.input<typeof simPersonSchema>) => p;

/** The default CPR table (listed in the README). */
export const DEFAULT_PERSONS: z.input<typeof simPersonSchema>[] = [
  P({
    cpr: '1203824312',
    firstName: 'Anne',
    lastName: 'Jensen',
    address: { street: 'Skolevej', number: '12', postCode: '8000', district: 'Aarhus C' },
  }),
  P({
    cpr: '0409794313',
    firstName: 'Peter',
    lastName: 'Jensen',
    address: { street: 'Skolevej', number: '12', postCode: '8000', district: 'Aarhus C' },
  }),
  // Custody types 3 and 4 without relationPersonnummer: the holders are the child's mor and far.
  P({
    cpr: '1505144320',
    firstName: 'Emma',
    lastName: 'Jensen',
    mother: '1203824312',
    father: '0409794313',
    custody: [{ type: 3 }, { type: 4 }],
    address: { street: 'Skolevej', number: '12', postCode: '8000', district: 'Aarhus C' },
  }),
  P({
    cpr: '0811874324',
    firstName: 'Sara',
    lastName: 'Larsen',
    protected: true,
    address: { street: 'Hemmelig Vej', number: '1', postCode: '2100', district: 'København Ø' },
  }),
  P({
    cpr: '1901854315',
    firstName: 'Mads',
    lastName: 'Holm',
    address: { street: 'Havnegade', number: '3', floor: '2', door: 'th', postCode: '5000', district: 'Odense C' },
  }),
  P({
    cpr: '3006134328',
    firstName: 'Freja',
    lastName: 'Larsen',
    mother: '0811874324',
    father: '1901854315',
    custody: [
      { type: 3, cpr: '0811874324' },
      { type: 4, cpr: '1901854315' },
    ],
  }),
  P({
    cpr: '1706554326',
    firstName: 'Birthe',
    lastName: 'Nielsen',
    address: { street: 'Kirkestien', number: '7', postCode: '7100', district: 'Vejle' },
  }),
  P({
    cpr: '2111524319',
    firstName: 'Hans',
    lastName: 'Nielsen',
    address: { street: 'Kirkestien', number: '7', postCode: '7100', district: 'Vejle', co: 'Birthe Nielsen' },
  }),
  P({
    cpr: '0302124317',
    firstName: 'Noah',
    lastName: 'Nielsen',
    custody: [
      { type: 5, cpr: '1706554326' },
      { type: 6, cpr: '2111524319' },
    ],
  }),
  // The father has died (status 90): only the mother holds custody in practice.
  P({
    cpr: '0505834328',
    firstName: 'Lise',
    lastName: 'Madsen',
    address: { street: 'Bygaden', number: '5', postCode: '4000', district: 'Roskilde' },
  }),
  P({ cpr: '1010784313', firstName: 'Karl', lastName: 'Madsen', status: 90 }),
  P({
    cpr: '1207154326',
    firstName: 'Alma',
    lastName: 'Madsen',
    mother: '0505834328',
    father: '1010784313',
    custody: [{ type: 3 }, { type: 4 }],
  }),
  P({
    cpr: '0101904321',
    firstName: 'Jens',
    lastName: 'Hansen',
    address: { street: 'Vestergade', number: '1', postCode: '1456', district: 'København K' },
  }),
];

/** The default CVR table (listed in the README). */
export const DEFAULT_COMPANIES: z.input<typeof simCompanySchema>[] = [
  {
    cvr: '29189846',
    units: [
      {
        pNumber: '1003388394',
        name: 'Testkommune Rådhus',
        address: { street: 'Rådhuspladsen', number: '1', postCode: '8000', district: 'Aarhus C' },
      },
      {
        pNumber: '1017605124',
        name: 'Nordskolen',
        address: { street: 'Nordre Allé', number: '20', postCode: '8200', district: 'Aarhus N' },
      },
      {
        pNumber: '1002345678',
        name: 'Det gamle bibliotek',
        address: { street: 'Bogtrykkergade', number: '2', postCode: '8000', district: 'Aarhus C' },
        cessationDate: '2020-06-30',
      },
    ],
  },
  {
    cvr: '25530004',
    units: [
      {
        pNumber: '1020304050',
        name: 'Sandbox Tømrer ApS',
        address: { street: 'Værkstedsvej', number: '8', floor: 'st', postCode: '2600', district: 'Glostrup' },
      },
    ],
  },
];

/** The simulator's settings (`simulator.settings` in the platform config); every field has a default. */
export const simulatorSettingsSchema = z.object({
  /** Passphrase of the generated client certificate. */
  passphrase: z.string().min(1).default('brevdue-simulator'),
  serviceAgreements: z
    .object({ sf1520: z.string().default(SIM_AGREEMENTS.sf1520), sf1530: z.string().default(SIM_AGREEMENTS.sf1530) })
    .default({ sf1520: SIM_AGREEMENTS.sf1520, sf1530: SIM_AGREEMENTS.sf1530 }),
  userSystemUuid: z.string().default(SIM_AGREEMENTS.userSystem),
  userUuid: z.string().default(SIM_AGREEMENTS.user),
  persons: z.array(simPersonSchema).default(() => DEFAULT_PERSONS.map((p) => simPersonSchema.parse(p))),
  companies: z.array(simCompanySchema).default(() => DEFAULT_COMPANIES.map((c) => simCompanySchema.parse(c))),
});
export type SimulatorSettings = z.infer<typeof simulatorSettingsSchema>;
