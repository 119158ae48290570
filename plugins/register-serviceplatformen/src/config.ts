/**
 * @module
 * The plugin's configuration (zod). Secrets never sit in the config file: the certificate
 * passphrase comes from an environment variable or a file (a container secret).
 */
import { z } from 'zod';

/** Serviceplatformen per environment. */
export const ENVIRONMENTS = {
  test: 'https://exttest.serviceplatformen.dk',
  production: 'https://prod.serviceplatformen.dk',
} as const;

/** Endpoint paths: the `soap:address` paths of the official WSDLs (schemas/sf15x0/wsdl/context/). */
export const SERVICE_PATHS = {
  sf1520: '/service/CPR/PersonBaseDataExtended/4',
  sf1530: '/service/CVR/Online/2',
} as const;

/** Service UUIDs from the official service contracts (`sp/service.properties`). */
export const SERVICE_UUIDS = {
  sf1520: 'e6be2436-bf35-4df2-83fe-925142825dc2',
  sf1530: 'c0daecde-e278-43b7-84fd-477bfeeea027',
} as const;

/** The InvocationContext pattern is lower-case hex only: an upper-case UUID is made lower-case, not refused. */
const uuid = (field: string) =>
  z
    .string()
    .trim()
    .toLowerCase()
    .regex(
      /^[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12}$/,
      `${field} must be a UUID such as 42571b5d-6371-4edb-8729-1343a3f4c9b9`,
    );

const service = (name: 'sf1520' | 'sf1530') =>
  z.object({
    /** The service agreement (serviceaftale) for this service, from Serviceplatformen's administration. */
    serviceAgreementUuid: uuid(`services.${name}.serviceAgreementUuid`),
    /** The service's UUID; the default is the one in the official contract. */
    serviceUuid: uuid(`services.${name}.serviceUuid`).default(SERVICE_UUIDS[name]),
  });

/** The plugin's config schema: a failure names the field; unknown fields are refused. */
export const configSchema = z
  .object({
    /** `test` (exttest) or `production`; `endpoints` overrides either (the simulator). */
    environment: z.enum(['test', 'production']).default('test'),
    endpoints: z
      .object({
        /** Base URL of Serviceplatformen, e.g. https://exttest.serviceplatformen.dk */
        serviceplatformen: z.url('endpoints.serviceplatformen must be a URL such as https://exttest.serviceplatformen.dk'),
        /** PEM file of a CA to trust besides the system's (the simulator's test CA). */
        caFile: z.string().min(1).optional(),
      })
      .optional(),
    certificate: z.object({
      /** Path of the organisation's PKCS#12 (.p12/.pfx) file (its FOCES/OCES3 system certificate). */
      path: z.string().min(1, 'certificate.path is required: the path of the PKCS#12 file'),
      /** Name of the environment variable holding the passphrase. */
      passphraseEnv: z
        .string()
        .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'certificate.passphraseEnv must be an environment variable name')
        .optional(),
      /** Or: a file holding the passphrase. */
      passphraseFile: z.string().min(1).optional(),
    }),
    /** The organisation's CVR, sent as AuthorityContext/MunicipalityCVR on CPR look-ups. */
    cvr: z.string().regex(/^\d{8}$/, "cvr must be the organisation's CVR number: 8 digits"),
    /** The user system (anvendersystem) and user registered on Serviceplatformen. */
    userSystemUuid: uuid('userSystemUuid'),
    userUuid: uuid('userUuid'),
    /** One entry per service the organisation has an agreement for; at least one. */
    services: z
      .object({ sf1520: service('sf1520').optional(), sf1530: service('sf1530').optional() })
      .refine(
        (s) => s.sf1520 !== undefined || s.sf1530 !== undefined,
        'services needs sf1520 (CPR) and/or sf1530 (CVR) with its serviceAgreementUuid',
      ),
    /** How long an answer is cached, in seconds (0: never). Custody and P-units change rarely. */
    cacheSeconds: z
      .number()
      .int()
      .min(0)
      .max(7 * 86400)
      .default(3600),
    requestTimeoutMs: z.number().int().min(1000).max(300_000).default(30_000),
    /** Language of error messages: `da` (default) or `en`. */
    language: z.enum(['da', 'en']).default('da'),
  })
  .strict()
  .refine((c) => c.certificate.passphraseEnv === undefined || c.certificate.passphraseFile === undefined, {
    path: ['certificate', 'passphraseEnv'],
    message: 'give either certificate.passphraseEnv or certificate.passphraseFile, not both',
  });

export type RegisterConfig = z.infer<typeof configSchema>;
export type RegisterConfigInput = z.input<typeof configSchema>;
