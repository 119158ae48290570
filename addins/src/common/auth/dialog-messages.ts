/**
 * @module
 * What the sign-in dialog page tells the pane through `Office.context.ui.messageParent`: one
 * JSON message, the access token or why there is none.
 */

/** The dialog's one message to the pane. */
export type DialogMessage =
  | { type: 'token'; accessToken: string; /** Epoch milliseconds. */ expiresOn: number; name?: string }
  | { type: 'error'; code: 'cancelled' | 'failed'; message: string };

/** Where the sign-in dialog page is served (built with the other pages, under web/). */
export const DIALOG_PATH = '/addins/web/sign-in-dialog.html';

/**
 * Parses a message from the dialog.
 * @throws Error when it is not a DialogMessage (another page, or a changed protocol).
 */
export function parseDialogMessage(text: string): DialogMessage {
  const m = JSON.parse(text) as Partial<DialogMessage>;
  if (m.type === 'token' && typeof m.accessToken === 'string' && typeof m.expiresOn === 'number') return m as DialogMessage;
  if (m.type === 'error' && typeof m.message === 'string') return m as DialogMessage;
  throw new Error('the sign-in dialog sent a message that is not a token or an error');
}
