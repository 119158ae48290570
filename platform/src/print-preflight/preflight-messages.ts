/**
 * @module
 * Every user-facing text of the address-window preflight, Danish by default and English by
 * `lang: 'en'`. Each says what is wrong on the page and what to do about it.
 */

/** Languages the preflight answers in. */
export type PreflightLanguage = 'da' | 'en';

const mm = (n: number) => n.toFixed(0);

export const PREFLIGHT_MESSAGES = {
  da: {
    notA4: (page: number, w: number, h: number) =>
      `Side ${page} er ${mm(w)} × ${mm(h)} mm, ikke A4 (210 × 297 mm). Gem brevet i A4 og send igen.`,
    firstPageLandscape: 'Side 1 er liggende A4. Adressen skal stå på en stående side 1; ret sideopsætningen og send igen.',
    unreadable: 'PDF-filen kan ikke læses, så adressefeltet kan ikke kontrolleres. Gem brevet som PDF igen og send igen.',
    addressElsewhere: (missing: string, top: number) =>
      `${missing} står på side 1, men ikke i rudefeltet (fundet ${mm(top)} mm fra toppen). ` +
      'Flyt adressen ind i rudefeltet eller lad Brevdue tilføje en adresseside.',
    addressMissing: (missing: string, w: string) =>
      `${missing} står ikke i rudefeltet på side 1 (${w}). Sæt modtagerens adresse i rudefeltet eller lad Brevdue tilføje en adresseside.`,
    nameLabel: 'Modtagerens navn',
    postalCodeLabel: 'Postnummeret',
    bothLabel: 'Modtagerens navn og postnummer',
    extraText: (text: string) =>
      `Der står anden tekst end adressen i rudefeltet på side 1 ("${text}"); den ville kunne ses gennem ruden. ` +
      'Flyt teksten eller lad Brevdue tilføje en adresseside.',
    cutText: (text: string) =>
      `Teksten "${text}" går ud over rudefeltets kant på side 1 og ville blive skåret over. Flyt adressen helt ind i rudefeltet.`,
    windowArea: (x: number, y: number, w: number, h: number) => `${mm(x)} mm fra venstre, ${mm(y)} mm fra toppen, ${mm(w)} × ${mm(h)} mm`,
    coverNote: 'Adresseside – brevet begynder på næste side.',
    coverPageWillBeAdded: (why: string) => `${why} Brevdue sætter derfor en adresseside foran brevet, når det printes.`,
    addressTooLong: (line: string) => `Adresselinjen "${line}" er for lang til rudefeltet selv med 8 punkts skrift; forkort den.`,
  },
  en: {
    notA4: (page: number, w: number, h: number) =>
      `Page ${page} is ${mm(w)} × ${mm(h)} mm, not A4 (210 × 297 mm). Save the letter as A4 and send it again.`,
    firstPageLandscape: 'Page 1 is landscape A4. The address must be on a portrait page 1; fix the page setup and send again.',
    unreadable: 'The PDF cannot be read, so the address window cannot be checked. Save the letter as PDF again and send it again.',
    addressElsewhere: (missing: string, top: number) =>
      `${missing} is on page 1 but not in the window area (found ${mm(top)} mm from the top). ` +
      'Move the address into the window area or let Brevdue add an address page.',
    addressMissing: (missing: string, w: string) =>
      `${missing} is not in the window area of page 1 (${w}). ` +
      "Put the recipient's address in the window area or let Brevdue add an address page.",
    nameLabel: "The recipient's name",
    postalCodeLabel: 'The postal code',
    bothLabel: "The recipient's name and postal code",
    extraText: (text: string) =>
      `Text other than the address is in the window area of page 1 ("${text}") and would show through the window. ` +
      'Move it or let Brevdue add an address page.',
    cutText: (text: string) =>
      `The text "${text}" crosses the edge of the window area on page 1 and would be cut off. Move the address fully into the window area.`,
    windowArea: (x: number, y: number, w: number, h: number) =>
      `${mm(x)} mm from the left, ${mm(y)} mm from the top, ${mm(w)} × ${mm(h)} mm`,
    coverNote: 'Address page – the letter starts on the next page.',
    coverPageWillBeAdded: (why: string) =>
      `${why} Brevdue will therefore put an address cover page in front of the letter when it is printed.`,
    addressTooLong: (line: string) => `The address line "${line}" is too long for the window even at 8 pt; shorten it.`,
  },
} as const;
