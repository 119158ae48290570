/**
 * @module
 * The one error type of signing in, with a stable code the sign-in form turns into a text.
 */

/** Why signing in did not finish. */
export type SignInErrorCode = 'cancelled' | 'popup_blocked' | 'failed';

/** A sign-in that did not finish; `message` is technical detail for the log, the form shows the code's text. */
export class SignInError extends Error {
  constructor(
    readonly code: SignInErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'SignInError';
  }
}
