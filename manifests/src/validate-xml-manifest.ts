/**
 * @module
 * Offline structural check of an XML manifest against the fixed 2020 XSDs in `manifests/xsd/`,
 * with libxml2 compiled to WebAssembly (`xmllint-wasm`). Catches misordered and unknown
 * elements; it is not proof that Office accepts the manifest (see `xsd/README.md`).
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { validateXML } from 'xmllint-wasm';
import { CONTENT_STUB_FILE, XSD_FILES } from './fix-xsd.ts';

const XSD_DIR = fileURLToPath(new URL('../xsd/', import.meta.url));

/** The outcome: valid, or the libxml2 messages. */
export interface XsdResult {
  valid: boolean;
  errors: string[];
}

/**
 * Validates `xml` against OfficeAppManifestV1_1.xsd and the schemas it imports.
 * @example const { valid, errors } = await validateXmlManifest(xml);
 */
export async function validateXmlManifest(xml: string): Promise<XsdResult> {
  const files = await Promise.all(
    [...XSD_FILES, CONTENT_STUB_FILE].map(async (fileName) => ({ fileName, contents: await readFile(XSD_DIR + fileName, 'utf8') })),
  );
  const [main, ...imported] = files;
  const r = await validateXML({ xml: [{ fileName: 'manifest.xml', contents: xml }], schema: [main!], preload: imported });
  return { valid: r.valid, errors: r.errors.map((e) => e.rawMessage) };
}
