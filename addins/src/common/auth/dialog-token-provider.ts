/**
 * @module
 * Sign-in where the host has no Nested App Authentication (older Office, Office on a Mac before
 * NAA): the Office dialog API opens our sign-in page (same origin as the pane, as Office
 * requires), which runs the authorization code flow with PKCE against the identity provider and
 * sends the access token back with `messageParent`. The token lives in the pane's memory only.
 */
import type { TokenProvider } from '../token-provider.ts';
import { DIALOG_PATH, parseDialogMessage } from './dialog-messages.ts';
import { SignInError } from './sign-in-error.ts';

/** The part of Office.js the dialog sign-in uses (structural, so tests can pass a stand-in). */
export interface OfficeDialogHost {
  context: {
    ui: {
      displayDialogAsync(
        url: string,
        options: { height: number; width: number; promptBeforeOpen?: boolean },
        callback: (result: { status: unknown; value: OfficeDialog; error?: { code: number; message: string } }) => void,
      ): void;
    };
  };
}

/** An open Office dialog. */
export interface OfficeDialog {
  addEventHandler(type: string, handler: (arg: { message: string; origin?: string } | { error: number }) => void): void;
  close(): void;
}

/** Office.EventType values (the strings Office.js uses). */
const DIALOG_MESSAGE = 'dialogMessageReceived';
const DIALOG_EVENT = 'dialogEventReceived';
/** Office's codes: the user closed the dialog; a dialog is already open; the browser blocked it; the user ignored it. */
const CLOSED = 12006;
const BLOCKED = new Set([12009, 12011]);
const EXPIRY_MARGIN_MS = 60_000;

/**
 * Tokens from the sign-in dialog.
 * @example const tokens = new DialogTokenProvider(Office, location.origin);
 */
export class DialogTokenProvider implements TokenProvider {
  readonly interactive = false;
  private token?: { value: string; expiresOn: number };

  constructor(
    private readonly office: OfficeDialogHost,
    private readonly origin: string,
  ) {}

  async getToken(): Promise<string | null> {
    const t = this.token;
    return t && t.expiresOn - EXPIRY_MARGIN_MS > Date.now() ? t.value : null;
  }

  /** Opens the dialog and waits for its message. @throws SignInError */
  signIn(): Promise<void> {
    return new Promise((resolve, reject) => {
      // Percent of the screen: large enough for the identity provider's page.
      this.office.context.ui.displayDialogAsync(
        `${this.origin}${DIALOG_PATH}`,
        { height: 60, width: 30, promptBeforeOpen: false },
        (result) => {
          // Office.AsyncResultStatus.Failed is the string 'failed' at run time (the typings call it an enum).
          if (result.status === 'failed') {
            const code = result.error?.code ?? 0;
            return reject(
              new SignInError(BLOCKED.has(code) ? 'popup_blocked' : 'failed', `displayDialogAsync ${code}: ${result.error?.message ?? ''}`),
            );
          }
          const dialog = result.value;
          dialog.addEventHandler(DIALOG_MESSAGE, (arg) => {
            if (!('message' in arg)) return;
            // Office delivers messages of pages on other origins only when they name ours; refuse them anyway.
            if (arg.origin && arg.origin !== this.origin) return;
            dialog.close();
            try {
              const m = parseDialogMessage(arg.message);
              if (m.type === 'error') return reject(new SignInError(m.code, m.message));
              this.token = { value: m.accessToken, expiresOn: m.expiresOn };
              resolve();
            } catch (e) {
              reject(new SignInError('failed', (e as Error).message));
            }
          });
          dialog.addEventHandler(DIALOG_EVENT, (arg) => {
            const code = 'error' in arg ? arg.error : 0;
            reject(new SignInError(code === CLOSED ? 'cancelled' : 'failed', `dialog event ${code}`));
          });
        },
      );
    });
  }

  async setToken(): Promise<void> {
    throw new Error('DialogTokenProvider: tokens come from the sign-in dialog; use signIn()');
  }

  async signOut(): Promise<void> {
    this.token = undefined;
  }
}
