import { randomBytes } from 'node:crypto';
import { ComponentType, type APIApplicationCommandOptionChoice, type APIInteraction, type APIMessageTopLevelComponent, type RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import { UserError } from '../../errors.ts';
import type { InteractionRegistry } from '../discord/interactions.ts';
import { toApiMessage } from '../discord/message-body.ts';
import type { MessageBoard } from '../messages.ts';
import { memberPayload, textChannelPayload, type PlaygroundWorld } from '../world.ts';
import { buildOptions } from './command-options.ts';
import type { PageRequest } from './requests.ts';

export interface PlayDeps {
  readonly world: PlaygroundWorld;
  readonly commands: readonly RESTPostAPIChatInputApplicationCommandsJSONBody[];
  readonly board: MessageBoard;
  readonly interactions: InteractionRegistry;
  readonly snowflake: () => string;
  readonly dispatch: (payload: APIInteraction) => void;
}

/** What the page gets back: nothing for most requests (answers arrive as messages), the choices for autocomplete. */
export type PlayResult = { readonly choices?: APIApplicationCommandOptionChoice[] };

/** How long the page waits for suggestions; Discord's client gives up after about 3 s too. */
const AUTOCOMPLETE_WAIT_MS = 3000;

const DISCORD_LOCALE = { en: 'en-US', fr: 'fr' } as const;

const invalid = (en: string, fr: string) => new UserError({ en, fr });

/**
 * Turns what the page asks into the interaction Discord would send, after the checks Discord's client and servers
 * make (a command that exists, a component that is on the message), and hands it to the bot.
 */
export async function play(deps: PlayDeps, request: PageRequest): Promise<PlayResult> {
  const { world, board } = deps;
  if (request.type === 'dismiss') {
    const message = board.get(request.messageId);
    if (message?.ephemeral === true) board.remove(message.id);
    return {};
  }
  const common = (channelId: string, locale: 'en' | 'fr') => {
    const channel = world.channels.find((c) => c.id === channelId);
    if (channel === undefined) throw invalid('Unknown channel.', 'Salon inconnu.');
    return {
      id: deps.snowflake(), application_id: world.applicationId, token: `playground-${randomBytes(24).toString('base64url')}`, version: 1,
      guild: { id: world.guildId, locale: 'en-US', features: [] }, guild_id: world.guildId, guild_locale: 'en-US',
      channel: textChannelPayload(world, channel), channel_id: channel.id, member: memberPayload(world), locale: DISCORD_LOCALE[locale],
      app_permissions: '2251799813685247', entitlements: [], authorizing_integration_owners: { 0: world.guildId }, context: 0,
      attachment_size_limit: 10 * 1024 * 1024,
    };
  };

  if (request.type === 'command' || request.type === 'autocomplete') {
    const command = deps.commands.find((c) => c.name === request.name);
    if (command === undefined) throw invalid(`There is no /${request.name} command.`, `Il n’y a pas de commande /${request.name}.`);
    const { options, resolved } = buildOptions(world, command, request);
    const base = common(request.channelId, request.locale);
    const data = { id: world.applicationId, name: command.name, type: 1, options, ...(Object.keys(resolved).length > 0 ? { resolved } : {}) };
    const shown = [localized(command.name, command.name_localizations?.fr, request.locale), request.subcommandGroup, request.subcommand].filter(Boolean).join(' ');
    const open = deps.interactions.open({ id: base.id, token: base.token, kind: request.type === 'command' ? 'command' : 'autocomplete', channelId: base.channel_id, command: `/${shown}` });
    deps.dispatch({ ...base, type: request.type === 'command' ? 2 : 4, data } as unknown as APIInteraction);
    if (request.type === 'command') return {};
    const late = new Promise<APIApplicationCommandOptionChoice[]>((resolve) => setTimeout(() => resolve([]), AUTOCOMPLETE_WAIT_MS).unref());
    return { choices: await Promise.race([open.choices, late]) };
  }

  const message = board.get(request.messageId);
  if (message === undefined) throw invalid('That message is gone.', 'Ce message n’existe plus.');
  const kind = request.type === 'button' ? ComponentType.Button : ComponentType.StringSelect;
  const component = findComponent(message.components, request.customId, kind);
  if (component === undefined || component.disabled === true) throw invalid('That control is not on the message (any more).', 'Ce contrôle n’est plus sur le message.');
  if (request.type === 'select') {
    const allowed = new Set(component.options?.map((option) => option.value));
    const min = component.min_values ?? 1;
    const max = component.max_values ?? 1;
    if (request.values.some((value) => !allowed.has(value)) || request.values.length < min || request.values.length > max) {
      throw invalid('Pick among the menu’s options.', 'Choisissez parmi les options du menu.');
    }
  }
  const base = common(message.channelId, request.locale);
  deps.interactions.open({ id: base.id, token: base.token, kind: 'component', channelId: message.channelId, messageId: message.id });
  const data = request.type === 'button' ? { custom_id: request.customId, component_type: kind } : { custom_id: request.customId, component_type: kind, values: request.values };
  deps.dispatch({ ...base, type: 3, data, message: toApiMessage(world, message) } as unknown as APIInteraction);
  return {};
}

function localized(name: string, fr: string | null | undefined, locale: 'en' | 'fr'): string {
  return locale === 'fr' && typeof fr === 'string' ? fr : name;
}

interface FoundComponent {
  readonly disabled?: boolean | undefined;
  readonly options?: readonly { readonly value: string }[] | undefined;
  readonly min_values?: number | undefined;
  readonly max_values?: number | undefined;
}

function findComponent(rows: readonly APIMessageTopLevelComponent[], customId: string, type: ComponentType): FoundComponent | undefined {
  for (const row of rows) {
    if (row.type !== ComponentType.ActionRow) continue;
    for (const component of row.components) {
      if (component.type === type && 'custom_id' in component && component.custom_id === customId) return component as FoundComponent;
    }
  }
  return undefined;
}
