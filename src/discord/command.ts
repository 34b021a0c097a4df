import type {
  AutocompleteInteraction,
  ButtonInteraction,
  ChatInputCommandInteraction,
  RESTPostAPIChatInputApplicationCommandsJSONBody,
  StringSelectMenuInteraction,
} from 'discord.js';
import type { DigestService } from '../digest/service/index.ts';
import type { Locale } from '../i18n/locale.ts';
import type { KnowledgeBase } from '../kb/types.ts';
import type { Logger } from '../log.ts';

/** What every handler gets: the knowledge base, the user's language and the logger. */
export interface CommandContext {
  readonly kb: KnowledgeBase;
  readonly locale: Locale;
  readonly log: Logger;
  /** The daily digest (absent when the bot runs without it, as in some tests). */
  readonly digest?: DigestService | undefined;
}

/**
 * One slash command: its definition (registered as is by `npm run deploy`) and its handlers.
 * Modules have no side effects at import; `commands/index.ts` lists them explicitly.
 */
export interface Command {
  readonly data: RESTPostAPIChatInputApplicationCommandsJSONBody;
  execute(interaction: ChatInputCommandInteraction, ctx: CommandContext): Promise<void>;
  autocomplete?(interaction: AutocompleteInteraction, ctx: CommandContext): Promise<void>;
  /** Handles this command's buttons; `args` are the custom id's parts after the command name. */
  button?(interaction: ButtonInteraction, ctx: CommandContext, args: readonly (string | undefined)[]): Promise<void>;
  /** Handles this command's string select menus; `args` as for buttons, the picked values in `interaction.values`. */
  select?(interaction: StringSelectMenuInteraction, ctx: CommandContext, args: readonly (string | undefined)[]): Promise<void>;
}
