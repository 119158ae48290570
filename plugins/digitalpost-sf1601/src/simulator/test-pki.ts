/**
 * @module
 * The simulator's test PKI, made with node-forge (no openssl CLI): a test CA, a server
 * certificate for 127.0.0.1/localhost, the organisation's client certificate as PKCS#12 with a
 * passphrase, and a second client certificate from another CA (a "wrong certificate" for tests).
 * Files are made once per data directory and reused.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import forge from 'node-forge';

export interface TestPki {
  caFile: string;
  caPem: string;
  serverKeyPem: string;
  serverCertPem: string;
  clientP12File: string;
  passphraseFile: string;
  passphrase: string;
  /** A client certificate the simulator does not trust (signed by another CA), same passphrase. */
  foreignClientP12File: string;
  /** The Postkomponent's client certificate (PEM key and certificate), presented when it delivers post (SF1606). */
  postkomponentKeyFile: string;
  postkomponentCertFile: string;
}

// Node's native generator is ~100× faster than forge's pure-JS RSA; forge then signs and packs.
function keyPair(): { privateKey: forge.pki.rsa.PrivateKey; publicKey: forge.pki.rsa.PublicKey } {
  const { privateKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  const key = forge.pki.privateKeyFromPem(privateKey) as forge.pki.rsa.PrivateKey;
  return { privateKey: key, publicKey: forge.pki.setRsaPublicKey(key.n, key.e) };
}

function certificate(
  subjectCn: string,
  publicKey: forge.pki.PublicKey,
  issuer: { cert?: forge.pki.Certificate; key: forge.pki.rsa.PrivateKey },
  ext: object[],
  subjectExtra: forge.pki.CertificateField[] = [],
): forge.pki.Certificate {
  const c = forge.pki.createCertificate();
  c.publicKey = publicKey;
  c.serialNumber = `01${randomBytes(8).toString('hex')}`;
  c.validity.notBefore = new Date(Date.now() - 86_400_000);
  c.validity.notAfter = new Date(Date.now() + 5 * 365 * 86_400_000);
  const subject = [
    { name: 'commonName', value: subjectCn },
    { name: 'organizationName', value: 'Brevdue SF1601 simulator' },
    ...subjectExtra,
  ];
  c.setSubject(subject);
  c.setIssuer(issuer.cert ? issuer.cert.subject.attributes : subject);
  c.setExtensions(ext);
  c.sign(issuer.key, forge.md.sha256.create());
  return c;
}

function makeCa(cn: string): { cert: forge.pki.Certificate; key: forge.pki.rsa.PrivateKey } {
  const k = keyPair();
  const cert = certificate(cn, k.publicKey, { key: k.privateKey }, [
    { name: 'basicConstraints', cA: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true },
  ]);
  return { cert, key: k.privateKey };
}

function clientP12(ca: { cert: forge.pki.Certificate; key: forge.pki.rsa.PrivateKey }, cn: string, passphrase: string): Buffer {
  const k = keyPair();
  const cert = certificate(
    cn,
    k.publicKey,
    ca,
    [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', clientAuth: true },
    ],
    [{ type: '2.5.4.5', value: 'CVR:29189846-FID:brevdue-simulator' }],
  );
  const asn = forge.pkcs12.toPkcs12Asn1(k.privateKey, [cert, ca.cert], passphrase, { algorithm: 'aes256' });
  return Buffer.from(forge.asn1.toDer(asn).getBytes(), 'binary');
}

/**
 * Makes (or reuses) the PKI in `dir`.
 * @example const pki = ensureTestPki('./data/simulators/digitalpost-sf1601');
 */
export function ensureTestPki(dir: string, passphrase = 'brevdue-simulator'): TestPki {
  mkdirSync(dir, { recursive: true });
  const f = (n: string) => join(dir, n);
  const files = {
    caFile: f('test-ca.pem'),
    caKey: f('test-ca.key.pem'),
    serverKey: f('server.key.pem'),
    serverCert: f('server.cert.pem'),
    clientP12File: f('client.p12'),
    passphraseFile: f('client.p12.passphrase'),
    foreignClientP12File: f('foreign-client.p12'),
    postkomponentKey: f('postkomponent.key.pem'),
    postkomponentCert: f('postkomponent.cert.pem'),
  };
  const complete = Object.values(files).every((p) => existsSync(p)) && readFileSync(files.passphraseFile, 'utf8').trim() === passphrase;
  if (!complete) {
    const ca = makeCa('Brevdue SF1601 simulator test CA');
    const sk = keyPair();
    const server = certificate('127.0.0.1', sk.publicKey, ca, [
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
    writeFileSync(files.caFile, forge.pki.certificateToPem(ca.cert));
    writeFileSync(files.caKey, forge.pki.privateKeyToPem(ca.key), { mode: 0o600 });
    writeFileSync(files.serverKey, forge.pki.privateKeyToPem(sk.privateKey), { mode: 0o600 });
    writeFileSync(files.serverCert, forge.pki.certificateToPem(server));
    writeFileSync(files.clientP12File, clientP12(ca, 'Brevdue test organisation (CVR 29189846)', passphrase), { mode: 0o600 });
    writeFileSync(files.passphraseFile, `${passphrase}\n`, { mode: 0o600 });
    writeFileSync(files.foreignClientP12File, clientP12(makeCa('Some other CA'), 'Untrusted organisation', passphrase), { mode: 0o600 });
    const pk = keyPair();
    const pkCert = certificate('Faelleskommunal Postkomponent (simulator)', pk.publicKey, ca, [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', clientAuth: true },
    ]);
    writeFileSync(files.postkomponentKey, forge.pki.privateKeyToPem(pk.privateKey), { mode: 0o600 });
    writeFileSync(files.postkomponentCert, forge.pki.certificateToPem(pkCert));
  }
  return {
    caFile: files.caFile,
    caPem: readFileSync(files.caFile, 'utf8'),
    serverKeyPem: readFileSync(files.serverKey, 'utf8'),
    serverCertPem: readFileSync(files.serverCert, 'utf8'),
    clientP12File: files.clientP12File,
    passphraseFile: files.passphraseFile,
    passphrase,
    foreignClientP12File: files.foreignClientP12File,
    postkomponentKeyFile: files.postkomponentKey,
    postkomponentCertFile: files.postkomponentCert,
  };
}
