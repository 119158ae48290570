/**
 * @module
 * Every user-facing text of the inbox, Danish by default and English by a switch
 * (`inboxText('en')`). Error codes are stable; a text says what failed, the field and the fix.
 */

export type Language = 'da' | 'en';

const da = {
  notFound: 'Den modtagne post findes ikke / blev ikke fundet',
  documentNotFound: 'Dokumentet findes ikke i den modtagne post',
  rulesInvalid: (field: string, detail: string) => `Fordelingsreglen ${field} er ugyldig (${detail}): ret reglen og gem igen`,
  ruleEmpty: (n: number) => `Fordelingsregel nr. ${n + 1} har ingen betingelse i "match": angiv mindst én (fx contactPointId eller kle)`,
  ruleNoTarget: (n: number) => `Fordelingsregel nr. ${n + 1} har intet "assignTo": angiv team, user eller webhook`,
  assignNoTarget: 'Angiv team eller user, som posten skal fordeles til',
  replyReceived: 'Svar modtaget',
  streamAccept: 'Hændelsesstrømmen sendes kun med "Accept: text/event-stream" (som EventSource sender): sæt headeren',
  unknownUser: (user: string) =>
    `Brugeren "${user}" findes ikke i organisationen: angiv brugerens id eller login-navn (UPN), som GET /v1/users viser dem`,
};

const en: typeof da = {
  notFound: 'The received message does not exist',
  documentNotFound: 'The document is not part of the received message',
  rulesInvalid: (field: string, detail: string) => `The routing rule ${field} is invalid (${detail}): correct it and save again`,
  ruleEmpty: (n: number) => `Routing rule no. ${n + 1} has no condition in "match": give at least one (e.g. contactPointId or kle)`,
  ruleNoTarget: (n: number) => `Routing rule no. ${n + 1} has no "assignTo": give a team, user or webhook`,
  assignNoTarget: 'Give the team or user the message goes to',
  replyReceived: 'Reply received',
  streamAccept: 'The event stream is sent only with "Accept: text/event-stream" (as EventSource sends): set the header',
  unknownUser: (user: string) =>
    `The user "${user}" does not exist in the organisation: give the user's id or sign-in name (UPN) as GET /v1/users lists them`,
};

/** The inbox's texts in one language (Danish unless `en` is asked for). */
export function inboxText(lang: Language = 'da'): typeof da {
  return lang === 'en' ? en : da;
}
