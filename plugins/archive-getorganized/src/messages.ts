/**
 * @module
 * Every user-facing text of the GetOrganized archive target, Danish first with English alongside.
 * Messages name what failed and what to do; they never contain a CPR number.
 */

export const messages = {
  unreachable: (detail: string) =>
    `GetOrganized svarer ikke (${detail}); eksporten prøves igen / GetOrganized is unreachable (${detail}); the export will be retried`,
  auth: (status: number) =>
    `GetOrganized afviste brugernavn/adgangskode (HTTP ${status}); ret "username"/"password" i pluginets konfiguration / GetOrganized refused the credentials (HTTP ${status}); fix "username"/"password" in the plugin config`,
  busy: (step: string, status: number) =>
    `GetOrganized fejlede midlertidigt ved ${step} (HTTP ${status}); eksporten prøves igen / GetOrganized failed temporarily at ${step} (HTTP ${status}); the export will be retried`,
  rejected: (step: string, status: number, detail: string) =>
    `GetOrganized afviste ${step} (HTTP ${status}: ${detail}); ret data eller konfiguration og eksportér igen / GetOrganized rejected ${step} (HTTP ${status}: ${detail}); fix the data or config and export again`,
  badAnswer: (step: string) =>
    `GetOrganized gav et uventet svar på ${step}; kontakt IT / GetOrganized gave an unexpected answer to ${step}; contact IT`,
  tooManyCases: (n: number, prefix: string) =>
    `Parten har ${n} sager af typen ${prefix} i GetOrganized; læg dem sammen, så der er én / The party has ${n} ${prefix} cases in GetOrganized; merge them into one`,
  unsupportedParty: (idType: string) =>
    `GetOrganized-eksport understøtter kun CPR og CVR, ikke ${idType} / GetOrganized export supports CPR and CVR parties only, not ${idType}`,
  noLetter: 'Arkivposten har intet brev (rolle "letter") / The archive record has no letter (role "letter")',
} as const;
