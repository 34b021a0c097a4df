import { randomBytes } from 'node:crypto';
import type {
  APIApplicationCommand,
  APIApplicationCommandAutocompleteGuildInteraction,
  APIApplicationCommandInteractionDataOption,
  APIChatInputApplicationCommandGuildInteraction,
  APIMessage,
  APIMessageComponentGuildInteraction,
  Locale,
} from 'discord.js';
import { interactionMember, textChannelPayload, type World } from '../world.ts';
import { buildDataOptions, type CommandPath, type OptionValue } from './options.ts';

/** What the builders need from the double. */
export interface BuilderContext {
  readonly world: World;
  readonly snowflake: () => string;
  /** The registered command of that name (guild first, then global), to reuse its id and option types. */
  readonly findCommand: (name: string) => APIApplicationCommand | undefined;
}

/** Fields every built interaction accepts. */
export interface InteractionInput {
  /** The user's client locale, e.g. `'fr'` or `'en-US'` (default `'en-US'`). */
  readonly locale?: `${Locale}`;
  readonly guildLocale?: `${Locale}`;
  /** The invoking member's permissions string. */
  readonly permissions?: string;
  /** The bot's permissions in the channel (`app_permissions`). */
  readonly appPermissions?: string;
}

/** A slash command invocation: `/name [group] [subcommand] option:value…`. */
export interface ChatInputInput extends InteractionInput, CommandPath {
  readonly options?: Readonly<Record<string, OptionValue>>;
}

/** An autocomplete request while the user types `focused`. */
export interface AutocompleteInput extends ChatInputInput {
  readonly focused: string;
  /** What the user has typed so far in the focused option (default ''). */
  readonly value?: string;
}

/** A click on a button with `customId`, on `message`. */
export interface ButtonInput extends InteractionInput {
  readonly customId: string;
  readonly message: APIMessage;
}

/** A pick in a string select menu: the menu's custom id and the chosen values. */
export interface SelectInput extends ButtonInput {
  readonly values: readonly string[];
}

function interactionToken(): string {
  return `aW50ZXJhY3Rpb246${randomBytes(90).toString('base64url')}`;
}

function base(context: BuilderContext, input: InteractionInput) {
  const { world } = context;
  const channel = textChannelPayload(world, null);
  return {
    id: context.snowflake(),
    application_id: world.applicationId,
    token: interactionToken(),
    version: 1 as const,
    guild: { id: world.guildId, locale: (input.guildLocale ?? 'en-US') as Locale, features: [] },
    guild_id: world.guildId,
    guild_locale: (input.guildLocale ?? 'en-US') as Locale,
    channel: { id: channel.id, type: channel.type, name: channel.name, guild_id: world.guildId, position: 0, permission_overwrites: [], nsfw: false, parent_id: null, topic: null, last_message_id: null, rate_limit_per_user: 0 },
    channel_id: world.channelId,
    member: interactionMember(world, input.permissions),
    locale: (input.locale ?? 'en-US') as Locale,
    app_permissions: input.appPermissions ?? world.memberPermissions,
    entitlements: [],
    authorizing_integration_owners: { 0: world.guildId },
    context: 0,
    attachment_size_limit: 10 * 1024 * 1024,
  };
}

function commandData(context: BuilderContext, input: ChatInputInput, focused?: { name: string; value: string }) {
  const registered = context.findCommand(input.name);
  const options = buildDataOptions(input, input.options ?? {}, registered, focused);
  return {
    data: {
      id: registered?.id ?? context.snowflake(),
      name: input.name,
      type: 1,
      ...(registered?.guild_id === undefined ? {} : { guild_id: registered.guild_id }),
    },
    options: options as APIApplicationCommandInteractionDataOption[],
  };
}

/** A realistic guild chat-input command interaction (type 2). */
export function buildChatInput(context: BuilderContext, input: ChatInputInput): APIChatInputApplicationCommandGuildInteraction {
  const { data, options } = commandData(context, input);
  return { ...base(context, input), type: 2, data: options.length > 0 ? { ...data, options } : data } satisfies APIChatInputApplicationCommandGuildInteraction;
}

/** A realistic autocomplete interaction (type 4) with the focused option. */
export function buildAutocomplete(context: BuilderContext, input: AutocompleteInput): APIApplicationCommandAutocompleteGuildInteraction {
  const { data, options } = commandData(context, input, { name: input.focused, value: input.value ?? '' });
  return { ...base(context, input), type: 4, data: { ...data, options } } satisfies APIApplicationCommandAutocompleteGuildInteraction;
}

/** A realistic button interaction (type 3, component_type 2) on `message`. */
export function buildButton(context: BuilderContext, input: ButtonInput): APIMessageComponentGuildInteraction {
  return { ...base(context, input), type: 3, data: { custom_id: input.customId, component_type: 2 }, message: input.message } satisfies APIMessageComponentGuildInteraction;
}

/** A realistic string select interaction (type 3, component_type 3) on `message`, with the values picked. */
export function buildSelect(context: BuilderContext, input: SelectInput): APIMessageComponentGuildInteraction {
  return {
    ...base(context, input),
    type: 3,
    data: { custom_id: input.customId, component_type: 3, values: [...input.values] },
    message: input.message,
  } satisfies APIMessageComponentGuildInteraction;
}
