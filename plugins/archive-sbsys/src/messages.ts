/**
 * @module
 * Every user-facing text of the SBSYS archive target, Danish first with English alongside.
 * Messages name what failed and what to do; they never contain a CPR number.
 */

export const messages = {
  unreachable: (detail: string) =>
    `SBSYS svarer ikke (${detail}); eksporten prøves igen / SBSYS is unreachable (${detail}); the export will be retried`,
  auth: (status: number, detail: string) =>
    `SBSYS afviste login (HTTP ${status}: ${detail}); ret "clientId"/"clientSecret"/"username"/"password" i pluginets konfiguration / SBSYS refused the login (HTTP ${status}: ${detail}); fix "clientId"/"clientSecret"/"username"/"password" in the plugin config`,
  busy: (step: string, status: number) =>
    `SBSYS fejlede midlertidigt ved ${step} (HTTP ${status}); eksporten prøves igen / SBSYS failed temporarily at ${step} (HTTP ${status}); the export will be retried`,
  rejected: (step: string, status: number, detail: string) =>
    `SBSYS afviste ${step} (HTTP ${status}: ${detail}); ret data eller konfiguration og eksportér igen / SBSYS rejected ${step} (HTTP ${status}: ${detail}); fix the data or config and export again`,
  badAnswer: (step: string) => `SBSYS gav et uventet svar på ${step}; kontakt IT / SBSYS gave an unexpected answer to ${step}; contact IT`,
  unknownParty: (idType: string) =>
    `SBSYS kender ikke parten (${idType}); opret parten i SBSYS og eksportér igen / SBSYS does not know the party (${idType}); create it in SBSYS and export again`,
  unsupportedParty: (idType: string) =>
    `SBSYS-eksport understøtter kun CPR og CVR, ikke ${idType} / SBSYS export supports CPR and CVR parties only, not ${idType}`,
  noLetter: 'Arkivposten har intet brev (rolle "letter") / The archive record has no letter (role "letter")',
} as const;
