import type { Interaction } from 'discord.js';
import type { DigestService } from '../digest/service.ts';
import { isUserError, UserError } from '../errors.ts';
import { toLocale } from '../i18n/locale.ts';
import type { KnowledgeBase } from '../kb/types.ts';
import type { Logger } from '../log.ts';
import { StoreError } from '../store/index.ts';
import type { Command, CommandContext } from './command.ts';
import { decodeCustomId } from './custom-id.ts';
import { replyEphemeralText } from './replies.ts';

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
}

/**
 * The one interaction handler: routes chat commands, autocomplete and buttons to their command module,
 * and owns the single error path — a UserError becomes a helpful ephemeral reply in the user's language, a store
 * failure (a StoreError, however deep in the causes) says the storage is unavailable, anything else a generic
 * ephemeral reply plus a log line with the interaction id. Never a stack trace.
 */
export function createDispatcher({ commands, kb, log, digest }: DispatcherDeps): (interaction: Interaction) => Promise<void> {
  const byName = new Map(commands.map((command) => [command.data.name, command]));

  return async (interaction) => {
    const ctx: CommandContext = { kb, locale: toLocale(interaction.locale), log, digest };
    const started = performance.now();
    let name = '';
    try {
      if (interaction.isChatInputCommand()) {
        name = interaction.commandName;
        await requireCommand(byName, name).execute(interaction, ctx);
      } else if (interaction.isAutocomplete()) {
        name = interaction.commandName;
        await requireCommand(byName, name).autocomplete?.(interaction, ctx);
      } else if (interaction.isButton()) {
        const { command, parts } = decodeCustomId(interaction.customId);
        name = command;
        const handler = requireCommand(byName, command).button;
        if (!handler) throw new Error(`command ${command} has no button handler`);
        await handler(interaction, ctx, parts);
      }
      log.debug('interaction handled', { interactionId: interaction.id, command: name, ms: Math.round(performance.now() - started) });
    } catch (error) {
      await reportFailure(interaction, error, ctx, name);
    }
  };
}

function requireCommand(byName: ReadonlyMap<string, Command>, name: string): Command {
  const command = byName.get(name);
  if (!command) throw new Error(`unknown command "${name}"`);
  return command;
}

async function reportFailure(interaction: Interaction, error: unknown, ctx: CommandContext, command: string): Promise<void> {
  const userError = asUserError(error);
  if (isUserError(error)) ctx.log.info('user error', { interactionId: interaction.id, command, message: error.message });
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
