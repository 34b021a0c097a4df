import type { APIApplicationCommand } from 'discord.js';
import type { DoubleEnv } from '../env.ts';
import { Errors, type DoubleResponse } from '../http/errors.ts';
import { route, type Route, type RouteContext } from '../http/route.ts';
import { checkCommand, checkCommandList } from '../validate/commands.ts';
import { createFormErrors, isRecord } from '../validate/form.ts';

type Localizations = NonNullable<APIApplicationCommand['name_localizations']> | null;

/** Global and guild application commands: bulk overwrite (PUT), list, create, get, edit, delete. */
export function commandRoutes(env: DoubleEnv): Route[] {
  const { state, world } = env;

  /** The command list a request addresses, or the error Discord gives for a foreign application or guild. */
  function scope(context: RouteContext): { list: APIApplicationCommand[]; guildId: string | null; replace: (next: APIApplicationCommand[]) => void } | DoubleResponse {
    if (context.params['applicationId'] !== world.applicationId) return Errors.missingAccess();
    const guildId = context.params['guildId'];
    if (guildId === undefined) return { list: state.commands.global, guildId: null, replace: (next) => void (state.commands.global = next) };
    if (guildId !== world.guildId) return Errors.missingAccess();
    return { list: state.commands.guilds.get(guildId) ?? [], guildId, replace: (next) => void state.commands.guilds.set(guildId, next) };
  }

  function toStored(body: Record<string, unknown>, previous: APIApplicationCommand | undefined, guildId: string | null): APIApplicationCommand {
    const type = typeof body['type'] === 'number' ? body['type'] : 1;
    return {
      id: previous?.id ?? env.snowflake(),
      application_id: world.applicationId,
      version: env.snowflake(),
      type,
      name: String(body['name']),
      name_localizations: (body['name_localizations'] ?? null) as Localizations,
      description: typeof body['description'] === 'string' ? body['description'] : '',
      description_localizations: (body['description_localizations'] ?? null) as Localizations,
      ...(Array.isArray(body['options']) ? { options: body['options'] as NonNullable<APIApplicationCommand['options']> } : {}),
      default_member_permissions: typeof body['default_member_permissions'] === 'string' ? body['default_member_permissions'] : null,
      nsfw: body['nsfw'] === true,
      integration_types: (Array.isArray(body['integration_types']) ? body['integration_types'] : [0]) as NonNullable<APIApplicationCommand['integration_types']>,
      contexts: (Array.isArray(body['contexts']) ? body['contexts'] : null) as NonNullable<APIApplicationCommand['contexts']> | null,
      ...(guildId === null ? {} : { guild_id: guildId }),
    };
  }

  const sameCommand = (a: { type?: unknown; name?: unknown }, b: APIApplicationCommand) => (typeof a.type === 'number' ? a.type : 1) === b.type && a.name === b.name;

  function overwrite(context: RouteContext): DoubleResponse {
    const target = scope(context);
    if ('status' in target) return target;
    const errors = checkCommandList(context.body);
    if (errors.size > 0) return Errors.invalidFormBody(errors.tree);
    const bodies = (context.body as unknown[]).filter(isRecord);
    const next = bodies.map((body) => toStored(body, target.list.find((existing) => sameCommand(body, existing)), target.guildId));
    target.replace(next);
    return { status: 200, body: next };
  }

  function create(context: RouteContext): DoubleResponse {
    const target = scope(context);
    if ('status' in target) return target;
    const body = isRecord(context.body) ? context.body : {};
    const errors = createFormErrors();
    checkCommand(errors, [], body);
    if (errors.size > 0) return Errors.invalidFormBody(errors.tree);
    const previous = target.list.find((existing) => sameCommand(body, existing));
    const stored = toStored(body, previous, target.guildId);
    target.replace([...target.list.filter((existing) => existing !== previous), stored]);
    return { status: previous ? 200 : 201, body: stored };
  }

  function single(context: RouteContext): DoubleResponse {
    const target = scope(context);
    if ('status' in target) return target;
    const command = target.list.find((existing) => existing.id === context.params['commandId']);
    if (!command) return Errors.unknownCommand();
    if (context.method === 'GET') return { status: 200, body: command };
    if (context.method === 'DELETE') {
      target.replace(target.list.filter((existing) => existing !== command));
      return { status: 204 };
    }
    const merged = { ...command, ...(isRecord(context.body) ? context.body : {}) };
    const errors = createFormErrors();
    checkCommand(errors, [], merged);
    if (errors.size > 0) return Errors.invalidFormBody(errors.tree);
    const stored = toStored(merged, command, target.guildId);
    target.replace(target.list.map((existing) => (existing === command ? stored : existing)));
    return { status: 200, body: stored };
  }

  const list = (context: RouteContext): DoubleResponse => {
    const target = scope(context);
    return 'status' in target ? target : { status: 200, body: target.list };
  };

  return ['/applications/:applicationId', '/applications/:applicationId/guilds/:guildId'].flatMap((base) => [
    route(`PUT ${base}/commands`, 'bot', overwrite),
    route(`GET ${base}/commands`, 'bot', list),
    route(`POST ${base}/commands`, 'bot', create),
    route(`GET ${base}/commands/:commandId`, 'bot', single),
    route(`PATCH ${base}/commands/:commandId`, 'bot', single),
    route(`DELETE ${base}/commands/:commandId`, 'bot', single),
  ]);
}
