/**
 * @module
 * Reading an archive remote's JSON answer the same way in every archive target: the status
 * decides the `ArchiveError` (see `httpFailureKind`), an empty body is an empty answer, and the
 * remote's own words quoted in a message have CPR numbers masked.
 */
import { maskCprsInText } from '../ids/mask-identifier.ts';
import { ArchiveError, httpFailureKind } from './errors.ts';

/** A target's messages for each way an answer can fail (Danish first, English alongside). */
export interface ArchiveAnswerMessages {
  auth(status: number, detail: string): string;
  busy(step: string, status: number): string;
  rejected(step: string, status: number, detail: string): string;
  badAnswer(step: string): string;
}

/** A remote's text for a message: CPR numbers masked, cut to 300 characters. */
export function remoteDetail(text: string): string {
  return maskCprsInText(text).slice(0, 300);
}

/**
 * The answer's body as JSON, or the `ArchiveError` its status means.
 * @example const r = archiveJsonAnswer<{ Id: number }>(res.status, await res.text(), 'sag/template', messages);
 * @throws ArchiveError
 */
export function archiveJsonAnswer<T>(status: number, text: string, step: string, messages: ArchiveAnswerMessages): T {
  const failure = httpFailureKind(status);
  if (failure === 'auth') throw new ArchiveError('permanent', 'AUTH', messages.auth(status, remoteDetail(text)));
  if (failure === 'transient') throw new ArchiveError('transient', 'REMOTE_BUSY', messages.busy(step, status));
  if (failure === 'rejected') throw new ArchiveError('permanent', 'REJECTED', messages.rejected(step, status, remoteDetail(text)));
  // Like the remotes' own client libraries: an empty body is an empty answer, not an error.
  if (text.trim() === '') return {} as T;
  try {
    return JSON.parse(text) as T;
  } catch (err) {
    throw new ArchiveError('permanent', 'BAD_ANSWER', messages.badAnswer(step), { cause: err });
  }
}
