/**
 * @module
 * Test-only re-exports, so the tests import the package the way the platform does.
 */
export { default } from './index.ts';
export * from './index.ts';
export { buildMetadataXml as buildMetadataXmlForTest } from './metadata-xml.ts';
