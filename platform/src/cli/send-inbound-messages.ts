/**
 * @module
 * The texts of `brevdue sandbox send-inbound`, Danish by default, English with `--lang en`.
 */

export type CliLang = 'da' | 'en';

const da = {
  noPlugin: 'Ingen plugin i konfigurationen modtager post og har en simulator: tilføj fx digitalpost-sf1601 med "simulator"',
  unknownPlugin: (name: string) => `Pluginnet "${name}" findes ikke i konfigurationen: angiv navnet fra "plugins"`,
  cannotReceive: (name: string) => `Pluginnet "${name}" modtager ikke post (capabilities.receives) eller har ingen simulator`,
  noCvr: 'Organisationens CVR mangler: angiv --cvr eller defaultOrganisation.cvr i konfigurationen',
  unknownLetter: (id: string) => `Intet brev med id eller messageUUID ${id}: angiv brevets id fra GET /v1/letters`,
  sending: (uuid: string, url: string) => `Sender meddelelse ${uuid} via simulatoren til ${url}`,
  accepted: (status: number) => `Modtaget (HTTP ${status}): platformen har gemt meddelelsen — se GET /v1/inbox`,
  refused: (status: number) => `Afvist (HTTP ${status}):`,
};

const en: typeof da = {
  noPlugin: 'No plugin in the config receives post and has a simulator: add e.g. digitalpost-sf1601 with "simulator"',
  unknownPlugin: (name: string) => `The plugin "${name}" is not in the config: give the name from "plugins"`,
  cannotReceive: (name: string) => `The plugin "${name}" does not receive post (capabilities.receives) or has no simulator`,
  noCvr: "The organisation's CVR is missing: give --cvr or defaultOrganisation.cvr in the config",
  unknownLetter: (id: string) => `No letter with id or messageUUID ${id}: give the letter's id from GET /v1/letters`,
  sending: (uuid: string, url: string) => `Sending message ${uuid} through the simulator to ${url}`,
  accepted: (status: number) => `Accepted (HTTP ${status}): the platform stored the message — see GET /v1/inbox`,
  refused: (status: number) => `Rejected (HTTP ${status}):`,
};

/** The command's texts in one language. */
export function sendInboundText(lang: string | undefined): typeof da {
  return lang === 'en' ? en : da;
}
