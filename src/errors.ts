import type { LocalizedText } from './i18n/locale.ts';

/**
 * An error meant for the user: bad input, an unknown name, a missing permission.
 * It carries its message in both languages; the dispatcher and the CLI show it as it is.
 * Anything that is not a UserError is an internal failure and is never shown in detail.
 */
export class UserError extends Error {
  override readonly name = 'UserError';
  readonly userMessage: LocalizedText;

  constructor(userMessage: LocalizedText) {
    super(userMessage.en);
    this.userMessage = userMessage;
  }
}

export function isUserError(error: unknown): error is UserError {
  return error instanceof UserError;
}
