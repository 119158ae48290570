/**
 * @module
 * Every user-facing text of the LUDUS folder-drop target, Danish first with English alongside.
 * Messages name what failed and what to do; they never contain a CPR number.
 */

export const messages = {
  onlyCpr: (idType: string) =>
    `LUDUS-eksport gælder kun elever (CPR), ikke ${idType} / LUDUS export holds students (CPR) only, not ${idType}`,
  noLetter: 'Arkivposten har intet brev (rolle "letter") / The archive record has no letter (role "letter")',
  dropDirMissing: (dir: string) =>
    `mappen "${dir}" findes ikke eller kan ikke skrives i; opret den eller sæt "createDropDir": true / the folder "${dir}" does not exist or is not writable; create it or set "createDropDir": true`,
  transientFs: (code: string) =>
    `Eksportmappen kunne midlertidigt ikke skrives (${code}); eksporten prøves igen / The export folder could not be written for now (${code}); the export will be retried`,
  permanentFs: (code: string) =>
    `Eksportmappen kan ikke skrives (${code}); ret rettigheder eller "dropDir" i pluginets konfiguration / The export folder cannot be written (${code}); fix permissions or "dropDir" in the plugin config`,
  sftpAuth:
    'SFTP-serveren afviste login; ret "sftp.username"/"sftp.password"/"sftp.privateKeyFile" / The SFTP server refused the login; fix "sftp.username"/"sftp.password"/"sftp.privateKeyFile"',
  sftpHostKey:
    'SFTP-serverens nøgle passer ikke med "sftp.hostKeySha256"; tjek serveren og ret fingeraftrykket / The SFTP server\'s host key does not match "sftp.hostKeySha256"; check the server and fix the fingerprint',
  sftpTransient: (detail: string) =>
    `SFTP-overførslen fejlede midlertidigt (${detail}); eksporten prøves igen / The SFTP transfer failed for now (${detail}); the export will be retried`,
  sftpDenied: (detail: string) =>
    `SFTP-serveren nægtede adgang (${detail}); ret rettigheder eller "sftp.remoteDir" / The SFTP server denied access (${detail}); fix permissions or "sftp.remoteDir"`,
  oneMode:
    'angiv enten "dropDir" (mappe) eller "sftp" (SFTP-server), ikke begge / set either "dropDir" (folder) or "sftp" (SFTP server), not both',
} as const;
