import type { ChatInputCommandInteraction } from 'discord.js';
import type { CommandContext } from './command.ts';

/** One handler per subcommand of a command. */
export type SubcommandHandlers = Readonly<Record<string, (interaction: ChatInputCommandInteraction, ctx: CommandContext) => Promise<void>>>;

/** Runs the handler of the invoked subcommand; Discord only sends registered ones, so a miss is a bug. */
export async function runSubcommand(handlers: SubcommandHandlers, interaction: ChatInputCommandInteraction, ctx: CommandContext): Promise<void> {
  const name = interaction.options.getSubcommand();
  const handler = handlers[name];
  if (handler === undefined) throw new Error(`no handler for subcommand "${name}" of /${interaction.commandName}`);
  await handler(interaction, ctx);
}
