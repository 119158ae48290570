/**
 * @module
 * The simulator's test PKI, made once per data dir: a CA, a server certificate for 127.0.0.1 and
 * localhost, the organisation's client certificate as PKCS#12 (what IT would configure), and a
 * client certificate from another CA (to show the simulator refuses it). Keys come from Node's
 * crypto (fast); node-forge only writes the certificates and the PKCS#12 file.
 */
import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import forge from 'node-forge';

/** Paths and PEM texts of the PKI. */
export interface SimulatorPki {
  caFile: string;
  caPem: string;
  serverKeyPem: string;
  serverCertPem: string;
  clientP12File: string;
  passphraseFile: string;
  passphrase: string;
  foreignClientP12File: string;
}

type Issuer = { cert?: forge.pki.Certificate; key: forge.pki.rsa.PrivateKey };

function rsaKey(): forge.pki.rsa.PrivateKey {
  const { privateKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  return forge.pki.privateKeyFromPem(privateKey) as forge.pki.rsa.PrivateKey;
}

function issue(cn: string, key: forge.pki.rsa.PrivateKey, issuer: Issuer, extensions: object[]): forge.pki.Certificate {
  const c = forge.pki.createCertificate();
  c.publicKey = forge.pki.setRsaPublicKey(key.n, key.e);
  c.serialNumber = `01${randomBytes(8).toString('hex')}`;
  c.validity.notBefore = new Date(Date.now() - 86_400_000);
  c.validity.notAfter = new Date(Date.now() + 5 * 365 * 86_400_000);
  const subject = [
    { name: 'commonName', value: cn },
    { name: 'organizationName', value: 'Brevdue register simulator' },
  ];
  c.setSubject(subject);
  c.setIssuer(issuer.cert ? issuer.cert.subject.attributes : subject);
  c.setExtensions(extensions);
  c.sign(issuer.key, forge.md.sha256.create());
  return c;
}

function authority(cn: string): { cert: forge.pki.Certificate; key: forge.pki.rsa.PrivateKey } {
  const key = rsaKey();
  return {
    key,
    cert: issue(cn, key, { key }, [
      { name: 'basicConstraints', cA: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true },
    ]),
  };
}

function clientP12(ca: { cert: forge.pki.Certificate; key: forge.pki.rsa.PrivateKey }, cn: string, passphrase: string): Buffer {
  const key = rsaKey();
  const cert = issue(cn, key, ca, [
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
    { name: 'extKeyUsage', clientAuth: true },
  ]);
  const asn = forge.pkcs12.toPkcs12Asn1(key, [cert, ca.cert], passphrase, { algorithm: 'aes256' });
  return Buffer.from(forge.asn1.toDer(asn).getBytes(), 'binary');
}

const FILES = {
  ca: 'test-ca.pem',
  serverKey: 'server.key.pem',
  serverCert: 'server.cert.pem',
  client: 'client.p12',
  pass: 'client.p12.passphrase',
  foreign: 'foreign-client.p12',
};

function writePki(dir: string, passphrase: string): void {
  const f = (n: string) => join(dir, n);
  const ca = authority('Brevdue register simulator test CA');
  const serverKey = rsaKey();
  const server = issue('127.0.0.1', serverKey, ca, [
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
    { name: 'extKeyUsage', serverAuth: true },
    {
      name: 'subjectAltName',
      altNames: [
        { type: 7, ip: '127.0.0.1' },
        { type: 2, value: 'localhost' },
      ],
    },
  ]);
  writeFileSync(f(FILES.ca), forge.pki.certificateToPem(ca.cert));
  writeFileSync(f(FILES.serverKey), forge.pki.privateKeyToPem(serverKey), { mode: 0o600 });
  writeFileSync(f(FILES.serverCert), forge.pki.certificateToPem(server));
  writeFileSync(f(FILES.client), clientP12(ca, 'Brevdue test organisation (CVR 29189846)', passphrase), { mode: 0o600 });
  writeFileSync(f(FILES.pass), `${passphrase}\n`, { mode: 0o600 });
  writeFileSync(f(FILES.foreign), clientP12(authority('Some other CA'), 'Untrusted organisation', passphrase), { mode: 0o600 });
}

/**
 * Makes the PKI in a folder under `dataDir`, or reuses the one there. The folder is written aside
 * and renamed into place, so simulators started at once on one data dir (parallel test files, two
 * `brevdue simulate`) never read a half-written PKI: the first rename wins, the others use it.
 * @example const pki = ensureSimulatorPki('./data/simulators/register-serviceplatformen', 'brevdue-simulator');
 */
export function ensureSimulatorPki(dataDir: string, passphrase: string): SimulatorPki {
  const dir = join(dataDir, `pki-${createHash('sha256').update(passphrase).digest('hex').slice(0, 8)}`);
  if (!existsSync(join(dir, FILES.foreign))) {
    const tmp = `${dir}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
    mkdirSync(tmp, { recursive: true });
    writePki(tmp, passphrase);
    try {
      renameSync(tmp, dir);
    } catch {
      // Another simulator renamed its PKI into place first: use that one.
      rmSync(tmp, { recursive: true, force: true });
    }
  }
  const f = (n: string) => join(dir, n);
  return {
    caFile: f(FILES.ca),
    caPem: readFileSync(f(FILES.ca), 'utf8'),
    serverKeyPem: readFileSync(f(FILES.serverKey), 'utf8'),
    serverCertPem: readFileSync(f(FILES.serverCert), 'utf8'),
    clientP12File: f(FILES.client),
    passphraseFile: f(FILES.pass),
    passphrase,
    foreignClientP12File: f(FILES.foreign),
  };
}
