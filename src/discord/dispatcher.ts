import type { Interaction } from 'discord.js';
import type { DigestService } from '../digest/service/index.ts';
import { isUserError, UserError } from '../errors.ts';
import { toLocale } from '../i18n/locale.ts';
import { createInFlight, type InFlight } from './in-flight.ts';
import type { KnowledgeBase } from '../kb/types.ts';
import type { Logger } from '../log.ts';
import { StoreError } from '../store/index.ts';
import type { Command, CommandContext } from './command.ts';
import { decodeCustomId, MAX_CUSTOM_ID } from './custom-id.ts';
import { InvalidButtonError, loggableCustomId } from './invalid-button.ts';
import { replyEphemeralText } from './replies.ts';
import { answerInterrupted, shuttingDownError } from './stopping.ts';

const INTERNAL_ERROR = (reference: string) => ({
  en: `Something went wrong on our side, sorry. It has been logged (reference ${reference}); please try again later.`,
  fr: `Une erreur s’est produite de notre côté, désolé. Elle a été enregistrée (référence ${reference}) ; merci de réessayer plus tard.`,
});

const STORE_UNAVAILABLE = {
  en: '⚠️ The bot’s storage is not available right now, so this could not be done. Please try again in a few minutes.',
  fr: '⚠️ Le stockage du bot est indisponible pour le moment : la commande n’a pas pu aboutir. Merci de réessayer dans quelques minutes.',
};

export interface DispatcherDeps {
  readonly commands: readonly Command[];
  readonly kb: KnowledgeBase;
  readonly log: Logger;
  readonly digest?: DigestService | undefined;
  /** Where interactions under way are counted, so a stop can wait for them; once closed, new ones are turned away. */
  readonly inFlight?: InFlight | undefined;
}

/**
 * The one interaction handler: routes chat commands, autocomplete, buttons and select menus to their command module,
 * and owns the single error path — a UserError becomes a helpful ephemeral reply in the user's language, a store
 * failure (a StoreError, however deep in the causes) says the storage is unavailable, anything else a generic
 * ephemeral reply plus a log line with the interaction id. Never a stack trace.
 * While the bot stops, new interactions get a polite "restarting" reply and those under way are finished.
 */
export function createDispatcher({ commands, kb, log, digest, inFlight = createInFlight() }: DispatcherDeps): (interaction: Interaction) => Promise<void> {
  const byName = new Map(commands.map((command) => [command.data.name, command]));

  async function handle(interaction: Interaction, ctx: CommandContext): Promise<void> {
    const started = performance.now();
    let name = '';
    try {
      if (inFlight.closed) throw shuttingDownError();
      if (interaction.isChatInputCommand()) {
        name = interaction.commandName;
        await requireCommand(byName, name).execute(interaction, ctx);
      } else if (interaction.isAutocomplete()) {
        name = interaction.commandName;
        await requireCommand(byName, name).autocomplete?.(interaction, ctx);
      } else if (interaction.isButton()) {
        const button = resolveComponent(byName, interaction.customId, 'button');
        name = button.command;
        await button.handler(interaction, ctx, button.parts);
      } else if (interaction.isStringSelectMenu()) {
        const select = resolveComponent(byName, interaction.customId, 'select');
        name = select.command;
        await select.handler(interaction, ctx, select.parts);
      }
      // The shard that answered, for operators running several processes (DMs come to shard 0).
      const shard = interaction.guild?.shardId ?? 0;
      log.debug('interaction handled', { interactionId: interaction.id, command: name, shard, ms: Math.round(performance.now() - started) });
    } catch (error) {
      await reportFailure(interaction, error, ctx, name);
    }
  }

  return (interaction) => {
    const ctx: CommandContext = { kb, locale: toLocale(interaction.locale), log, digest };
    return inFlight.run(`interaction ${interaction.id}`, () => handle(interaction, ctx), async () => {
      try {
        await answerInterrupted(interaction, ctx.locale);
        log.warn('interaction cut short by the stop', { interactionId: interaction.id });
      } catch (error) {
        log.warn('could not tell the user the stop cut their interaction short', { interactionId: interaction.id, error });
      }
    });
  };
}

function requireCommand(byName: ReadonlyMap<string, Command>, name: string): Command {
  const command = byName.get(name);
  if (!command) throw new Error(`unknown command "${name}"`);
  return command;
}

type ComponentKind = 'button' | 'select';

/** The command and handler a component's custom id names, or an InvalidButtonError (a stale or forged component). */
function resolveComponent<K extends ComponentKind>(
  byName: ReadonlyMap<string, Command>,
  customId: string,
  kind: K,
): { command: string; handler: NonNullable<Command[K]>; parts: (string | undefined)[] } {
  if (customId.length > MAX_CUSTOM_ID) throw new InvalidButtonError(customId);
  const { command, parts } = decodeCustomId(customId);
  const handler = byName.get(command)?.[kind] as Command[K];
  if (handler === undefined) throw new InvalidButtonError(customId);
  return { command, handler, parts };
}

async function reportFailure(interaction: Interaction, error: unknown, ctx: CommandContext, command: string): Promise<void> {
  const userError = asUserError(error);
  if (error instanceof InvalidButtonError) ctx.log.warn('invalid button', { interactionId: interaction.id, ...loggableCustomId(error.customId) });
  else if (isUserError(error)) ctx.log.info('user error', { interactionId: interaction.id, command, message: error.message });
  else if (userError) ctx.log.error('store unavailable', { interactionId: interaction.id, command, error });
  else ctx.log.error('interaction failed', { interactionId: interaction.id, command, error });
  try {
    if (interaction.isAutocomplete()) {
      if (!interaction.responded) await interaction.respond([]);
    } else if (interaction.isRepliable()) {
      await replyEphemeralText(interaction, userError ? userError.userMessage : INTERNAL_ERROR(interaction.id), ctx.locale);
    }
  } catch (replyError) {
    ctx.log.warn('could not report the failure to the user', { interactionId: interaction.id, command, error: replyError });
  }
}

/** The one place where a failure becomes a message for the user: a UserError as it is, a store failure as "unavailable". */
function asUserError(error: unknown): UserError | undefined {
  if (isUserError(error)) return error;
  for (let cause = error, depth = 0; cause instanceof Error && depth < 8; cause = cause.cause, depth += 1) {
    if (cause instanceof StoreError) return new UserError(STORE_UNAVAILABLE);
  }
  return undefined;
}
