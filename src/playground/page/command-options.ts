import {
  ApplicationCommandOptionType as T,
  type APIApplicationCommandBasicOption,
  type APIApplicationCommandOption,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import { UserError } from '../../errors.ts';
import { textChannelPayload, type PlaygroundWorld } from '../world.ts';
import type { CommandRequest } from './requests.ts';

/** An option as the interaction carries it, and what `resolved` must say about channels and users it names. */
interface DataOption {
  name: string;
  type: number;
  value?: string | number | boolean;
  focused?: boolean;
  options?: DataOption[];
}

export interface BuiltOptions {
  readonly options: DataOption[];
  readonly resolved: { channels?: Record<string, unknown>; users?: Record<string, unknown>; members?: Record<string, unknown> };
}

const invalid = (en: string, fr: string) => new UserError({ en, fr });

/** The options of the subcommand (or the command) the request names. */
function leafOptions(command: RESTPostAPIChatInputApplicationCommandsJSONBody, request: CommandRequest): readonly APIApplicationCommandOption[] {
  let options: readonly APIApplicationCommandOption[] = command.options ?? [];
  for (const [wanted, type] of [[request.subcommandGroup, T.SubcommandGroup], [request.subcommand, T.Subcommand]] as const) {
    const hasLevel = options.some((option) => option.type === type);
    if (wanted === undefined) {
      if (hasLevel) throw invalid(`/${command.name} needs a subcommand.`, `/${command.name} demande une sous-commande.`);
      continue;
    }
    const found = options.find((option) => option.type === type && option.name === wanted);
    if (found === undefined) throw invalid(`/${command.name} has no subcommand “${wanted}”.`, `/${command.name} n’a pas de sous-commande « ${wanted} ».`);
    options = ('options' in found ? found.options : undefined) ?? [];
  }
  return options;
}

/**
 * The interaction's options from what the page sent, checked as Discord's client checks them before sending:
 * declared options only, required ones present, choices among the declared ones, numbers and lengths in range,
 * channels and users of this server. For autocomplete, the focused option goes as typed, unchecked.
 */
export function buildOptions(world: PlaygroundWorld, command: RESTPostAPIChatInputApplicationCommandsJSONBody, request: CommandRequest): BuiltOptions {
  const declared = leafOptions(command, request) as readonly APIApplicationCommandBasicOption[];
  const resolved: BuiltOptions['resolved'] = {};
  const focused = request.type === 'autocomplete' ? request.focused : undefined;
  const leaves: DataOption[] = [];
  for (const [name, raw] of Object.entries(request.options)) {
    if (name === focused || raw === '') continue;
    const option = declared.find((o) => o.name === name);
    if (option === undefined) throw invalid(`/${command.name} has no option “${name}”.`, `/${command.name} n’a pas d’option « ${name} ».`);
    leaves.push({ name, type: option.type, value: checkValue(world, option, raw, resolved) });
  }
  if (focused !== undefined && request.type === 'autocomplete') {
    const option = declared.find((o) => o.name === focused);
    if (option === undefined || !('autocomplete' in option) || option.autocomplete !== true) throw invalid(`“${focused}” has no suggestions.`, `« ${focused} » n’a pas de suggestions.`);
    leaves.push({ name: focused, type: option.type, value: request.value, focused: true });
  } else {
    const missing = declared.filter((o) => o.required === true && !leaves.some((leaf) => leaf.name === o.name));
    if (missing.length > 0) {
      const list = missing.map((o) => o.name).join(', ');
      throw invalid(`Missing required option(s): ${list}.`, `Option(s) obligatoire(s) manquante(s) : ${list}.`);
    }
  }
  let options = leaves;
  if (request.subcommand !== undefined) options = [{ name: request.subcommand, type: T.Subcommand, options }];
  if (request.subcommandGroup !== undefined) options = [{ name: request.subcommandGroup, type: T.SubcommandGroup, options }];
  return { options, resolved };
}

function checkValue(world: PlaygroundWorld, option: APIApplicationCommandBasicOption, raw: string | number | boolean, resolved: BuiltOptions['resolved']): string | number | boolean {
  const bad = (en: string, fr: string) => invalid(`${option.name}: ${en}`, `${option.name} : ${fr}`);
  switch (option.type) {
    case T.String: {
      const value = String(raw);
      if (option.choices !== undefined && !option.choices.some((choice) => choice.value === value)) throw bad('pick one of the choices offered.', 'choisissez une des valeurs proposées.');
      if (value.length < (option.min_length ?? 0) || value.length > (option.max_length ?? 6000)) throw bad('too short or too long.', 'trop court ou trop long.');
      return value;
    }
    case T.Integer:
    case T.Number: {
      const value = typeof raw === 'number' ? raw : Number(String(raw).trim().replace(',', '.'));
      if (!Number.isFinite(value) || (option.type === T.Integer && !Number.isInteger(value))) throw bad(option.type === T.Integer ? 'enter a whole number.' : 'enter a number.', option.type === T.Integer ? 'entrez un nombre entier.' : 'entrez un nombre.');
      if ((option.min_value !== undefined && value < option.min_value) || (option.max_value !== undefined && value > option.max_value)) throw bad('out of range.', 'hors des limites.');
      if (option.choices !== undefined && !option.choices.some((choice) => choice.value === value)) throw bad('pick one of the choices offered.', 'choisissez une des valeurs proposées.');
      return value;
    }
    case T.Boolean:
      if (raw === true || raw === 'true') return true;
      if (raw === false || raw === 'false') return false;
      throw bad('true or false.', 'vrai ou faux.');
    case T.Channel: {
      const channel = world.channels.find((c) => c.id === String(raw));
      if (channel === undefined) throw bad('pick a channel of this server.', 'choisissez un salon de ce serveur.');
      resolved.channels = { ...resolved.channels, [channel.id]: { ...textChannelPayload(world, channel), permissions: '2251799813685247' } };
      return channel.id;
    }
    case T.User: {
      const user = [world.user, world.bot].find((u) => u.id === String(raw));
      if (user === undefined) throw bad('pick a member of this server.', 'choisissez un membre de ce serveur.');
      resolved.users = { ...resolved.users, [user.id]: user };
      resolved.members = { ...resolved.members, [user.id]: { roles: [], joined_at: new Date(0).toISOString(), flags: 0, permissions: world.memberPermissions } };
      return user.id;
    }
    default:
      throw bad('this kind of option cannot be filled in the playground.', 'ce type d’option ne peut pas être rempli dans le bac à sable.');
  }
}
