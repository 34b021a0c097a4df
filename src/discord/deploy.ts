import { REST, Routes } from 'discord.js';
import type { Command } from './command.ts';

export interface DeployOptions {
  readonly token: string;
  readonly clientId: string;
  /** Register to one guild (instant, for development) instead of globally. */
  readonly guildId?: string | undefined;
  readonly apiBase?: string | undefined;
  readonly commands: readonly Command[];
}

export interface DeployResult {
  readonly scope: 'guild' | 'global';
  readonly count: number;
}

/** Replaces the whole command list in one bulk overwrite (PUT), to one guild or globally. */
export async function deployCommands(options: DeployOptions): Promise<DeployResult> {
  const rest = new REST(options.apiBase === undefined ? {} : { api: options.apiBase }).setToken(options.token);
  const route =
    options.guildId === undefined
      ? Routes.applicationCommands(options.clientId)
      : Routes.applicationGuildCommands(options.clientId, options.guildId);
  const body = options.commands.map((command) => command.data);
  const registered = (await rest.put(route, { body })) as unknown[];
  return { scope: options.guildId === undefined ? 'global' : 'guild', count: registered.length };
}
