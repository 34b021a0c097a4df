import { UserError } from '../errors.ts';
import { MAX_CUSTOM_ID } from './custom-id.ts';

/**
 * A button whose custom id names no command with buttons: a stale message (a command renamed or removed) or a
 * forged click. A problem of the user's, not of the bot's: a warning with the id cut short, and a short reply.
 */
export class InvalidButtonError extends UserError {
  readonly customId: string;

  constructor(customId: string) {
    super({
      en: 'This button is no longer valid (it may come from an older version of the bot). Run the command again.',
      fr: 'Ce bouton n’est plus valide (il vient peut-être d’une ancienne version du bot). Relancez la commande.',
    });
    this.customId = customId;
  }
}

/** A custom id as it may be logged: at most MAX_CUSTOM_ID characters, and how long it really was. */
export function loggableCustomId(customId: string): { customId: string; customIdLength: number } {
  const cut = customId.length > MAX_CUSTOM_ID ? `${customId.slice(0, MAX_CUSTOM_ID)}…` : customId;
  return { customId: cut, customIdLength: customId.length };
}
