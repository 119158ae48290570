/**
 * @module
 * The plugin's configuration (zod). Secrets never sit in the config file: the certificate
 * passphrase comes from an environment variable (or a file, e.g. a container secret).
 */
import { z } from 'zod';

/** Serviceplatformen and its security token service, per environment (from the public clients). */
export const ENVIRONMENTS = {
  test: {
    serviceplatformen: 'https://exttest.serviceplatformen.dk',
    sts: 'https://n2adgangsstyring.eksterntest-stoettesystemerne.dk',
  },
  production: {
    serviceplatformen: 'https://prod.serviceplatformen.dk',
    sts: 'https://n2adgangsstyring.stoettesystemerne.dk',
  },
} as const;

/** Entity ids of the services, as the public clients present them to the token service. */
export const ENTITY_IDS = {
  kombiPostAfsend: 'http://entityid.kombit.dk/service/kombipostafsend/1',
  postForespoerg: 'http://entityid.kombit.dk/service/postforespoerg/1',
} as const;

/**
 * Receiving post through SF1606. The Postkomponent calls us over mutual TLS: either our own HTTPS
 * listener checks its certificate (`listener`), or a reverse proxy in front of the platform does and
 * passes the verified certificate in a header (`proxy`). Either way the certificate must chain to
 * `caFile` and, when `allowedFingerprints` is given, be one of them.
 */
export const inboundSchema = z
  .object({
    /** PEM file of the CA(s) that issue the Postkomponent's client certificate. */
    caFile: z.string().min(1, 'inbound.caFile is required: the PEM file of the CA that issues the Postkomponent certificate'),
    /** SHA-256 fingerprints (hex, colons optional) of the accepted client certificates; any from caFile when absent. */
    allowedFingerprints: z
      .array(z.string().regex(/^[0-9A-Fa-f:]{64,95}$/, 'allowedFingerprints: give SHA-256 fingerprints in hex'))
      .optional(),
    /** Our own HTTPS listener with required client certificates (serves the same path as the platform). */
    listener: z
      .object({
        port: z.number().int().min(1).max(65535),
        host: z.string().min(1).default('0.0.0.0'),
        /** PEM files of the listener's server key and certificate. */
        keyFile: z.string().min(1),
        certFile: z.string().min(1),
      })
      .optional(),
    /** Behind a TLS-terminating reverse proxy: the header carrying the verified client certificate (PEM, URL-encoded allowed). */
    proxy: z
      .object({
        certificateHeader: z
          .string()
          .regex(/^[A-Za-z0-9-]+$/, 'proxy.certificateHeader must be a header name')
          .default('x-ssl-client-cert'),
      })
      .optional(),
    /** Largest message taken (bytes); bigger ones are refused unread. NgDP's 99.5 MB plus the base64 and XML around it. */
    maxMessageBytes: z
      .number()
      .int()
      .min(1024)
      .default(100 * 1024 * 1024),
  })
  .refine((i) => i.listener !== undefined || i.proxy !== undefined, {
    path: ['listener'],
    message: 'give inbound.listener (our own mutual-TLS port) or inbound.proxy (a reverse proxy verifies the certificate), or both',
  });

export const configSchema = z
  .object({
    /** `test` (exttest) or `production`; `endpoints` overrides either (simulator). */
    environment: z.enum(['test', 'production']).default('test'),
    endpoints: z
      .object({
        /** Base URL of Serviceplatformen, e.g. https://exttest.serviceplatformen.dk */
        serviceplatformen: z.url(),
        /** Base URL of the security token service (STS). */
        sts: z.url(),
        /** PEM file of a CA to trust besides the system's (the simulator's test CA). */
        caFile: z.string().min(1).optional(),
      })
      .optional(),
    certificate: z.object({
      /** Path of the organisation's PKCS#12 (.p12/.pfx) file. */
      path: z.string().min(1, 'certificate.path is required: the path of the PKCS#12 file'),
      /** Name of the environment variable holding the passphrase. */
      passphraseEnv: z
        .string()
        .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'passphraseEnv must be an environment variable name')
        .optional(),
      /** Or: a file holding the passphrase (container secrets, the simulator's test certificate). */
      passphraseFile: z.string().min(1).optional(),
    }),
    /** The sending organisation's CVR (Sender/senderID and the STS AnvenderKontekst). */
    cvr: z.string().regex(/^\d{8}$/, 'cvr must be 8 digits'),
    /** NgDP contact point id shown to the citizen (Sender/ContactPoint/contactPointID). */
    contactPointId: z.string().min(1).max(256).optional(),
    /** Serviceplatformen service agreement and user system/user ids (kept for the STS context and logs). */
    serviceAgreementUuid: z.uuid().optional(),
    userSystemUuid: z.uuid().optional(),
    userUuid: z.uuid().optional(),
    /** MeMo version to send; 1.2 is what NgDP takes today. */
    memoVersion: z.enum(['1.1', '1.2']).default('1.2'),
    /** How long a PostForespoerg answer is cached (seconds). */
    lookupCacheSeconds: z
      .number()
      .int()
      .min(0)
      .max(7 * 86400)
      .default(3600),
    /** MeMo ContentData/CaseID/caseSystem: the name of the records system the case ids come from. */
    caseSystem: z.string().min(1).max(256).default('Brevdue'),
    print: z
      .object({
        envelope: z.enum(['C4', 'C5', 'MA']).default('C5'),
        /** ForsendelseI BrugerNavn: who the print supplier reports to. */
        userName: z.string().min(1).max(2000).default('Brevdue'),
      })
      .default({ envelope: 'C5', userName: 'Brevdue' }),
    requestTimeoutMs: z.number().int().min(1000).default(120_000),
    /** SF1606 "Modtag post": the PostModtag endpoint (EP_FS1) the Postkomponent calls; off when absent. */
    inbound: inboundSchema.optional(),
  })
  .refine((c) => c.certificate.passphraseEnv === undefined || c.certificate.passphraseFile === undefined, {
    path: ['certificate', 'passphraseEnv'],
    message: 'give either certificate.passphraseEnv or certificate.passphraseFile, not both',
  });

export type Sf1601Config = z.infer<typeof configSchema>;
export type Sf1601ConfigInput = z.input<typeof configSchema>;
