/**
 * @module
 * The profile the simulator uses when its settings name none: a CSV index with every field,
 * one folder per batch — the same as `examples/print-profiles/postbud-csv.json`.
 */
import type { VendorProfileInput } from '../vendor-profile.ts';

export const DEFAULT_SIMULATOR_PROFILE: VendorProfileInput = {
  vendor: 'Brevdue print simulator',
  letterFile: '{messageId}.pdf',
  batch: {
    packaging: 'folder',
    name: 'BREVDUE_{date}_{batchId}',
    maxLetters: 500,
    maxWaitMinutes: 60,
    dropTimes: [],
    timeZone: 'Europe/Copenhagen',
  },
  index: {
    format: 'csv',
    fileName: 'index.csv',
    fields: [
      { field: 'messageId', name: 'LetterId' },
      { field: 'file', name: 'File' },
      { field: 'sha256', name: 'Sha256' },
      { field: 'recipientName', name: 'Name' },
      { field: 'addressLine1', name: 'Address1' },
      { field: 'addressLine2', name: 'Address2' },
      { field: 'postalCode', name: 'PostalCode' },
      { field: 'city', name: 'City' },
      { field: 'country', name: 'Country' },
      { field: 'letterClass', name: 'Class' },
      { field: 'duplex', name: 'Sides' },
      { field: 'colour', name: 'Colour' },
      { field: 'envelope', name: 'Envelope' },
      { field: 'pages', name: 'Pages' },
      { field: 'sheets', name: 'Sheets' },
    ],
    csv: { separator: ';', header: true },
  },
  returns: {
    columns: { messageId: 'LetterId', status: 'Status', reason: 'Reason', at: 'Time' },
    statuses: { ACCEPTED: 'accepted', PRINTED: 'printed', POSTED: 'posted', ERROR: 'error', RETURNED: 'returned' },
  },
};
