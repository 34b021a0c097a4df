import type { APIApplicationCommandOptionChoice } from 'discord.js';

/** An interaction the page started, as the REST side needs it to take the bot's answers. */
export interface OpenInteraction {
  readonly id: string;
  readonly token: string;
  readonly kind: 'command' | 'autocomplete' | 'component';
  readonly channelId: string;
  /** The command line shown above the answer ("/retreats"). */
  readonly command?: string | undefined;
  /** The message a component sits on: an update edits it. */
  readonly messageId?: string | undefined;
  acknowledged: boolean;
  /** The reply (or, for a component, the message it updates) that `@original` names. */
  originalId?: string | undefined;
  /** Autocomplete: settles with the bot's choices. */
  readonly choices: Promise<APIApplicationCommandOptionChoice[]>;
  respond(choices: APIApplicationCommandOptionChoice[]): void;
}

export interface InteractionRegistry {
  open(fields: Pick<OpenInteraction, 'id' | 'token' | 'kind' | 'channelId' | 'command' | 'messageId'>): OpenInteraction;
  byToken(token: string): OpenInteraction | undefined;
  /** Forgets every interaction (the playground stops). */
  clear(): void;
}

/** Discord keeps an interaction's token usable for 15 minutes. */
const TOKEN_LIFETIME_MS = 15 * 60_000;

export function createInteractionRegistry(): InteractionRegistry {
  const byToken = new Map<string, OpenInteraction>();
  const timers = new Set<NodeJS.Timeout>();
  return {
    open(fields) {
      let respond: (choices: APIApplicationCommandOptionChoice[]) => void = () => undefined;
      const choices = new Promise<APIApplicationCommandOptionChoice[]>((resolve) => (respond = resolve));
      const interaction: OpenInteraction = { ...fields, acknowledged: false, choices, respond: (list) => respond(list) };
      byToken.set(fields.token, interaction);
      const timer = setTimeout(() => {
        byToken.delete(fields.token);
        timers.delete(timer);
      }, TOKEN_LIFETIME_MS);
      timer.unref();
      timers.add(timer);
      return interaction;
    },
    byToken: (token) => byToken.get(token),
    clear() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      byToken.clear();
    },
  };
}
