import type { FaultKind } from '../state.ts';
import type { ErrorTree } from '../validate/form.ts';

/** A response the double sends: status, JSON body (omitted for 204) and extra headers. */
export interface DoubleResponse {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  /** Marks the answer as an injected fault in the request log. */
  readonly fault?: FaultKind;
}

/** Discord's JSON error body: `{ message, code, errors? }`. */
export function discordError(status: number, code: number, message: string, errors?: ErrorTree): DoubleResponse {
  return { status, body: errors === undefined ? { message, code } : { message, code, errors } };
}

/** The Discord errors the double answers, by name. */
export const Errors = {
  unauthorized: () => discordError(401, 0, '401: Unauthorized'),
  notFound: () => discordError(404, 0, '404: Not Found'),
  unknownChannel: () => discordError(404, 10003, 'Unknown Channel'),
  unknownGuild: () => discordError(404, 10004, 'Unknown Guild'),
  unknownMessage: () => discordError(404, 10008, 'Unknown Message'),
  unknownWebhook: () => discordError(404, 10015, 'Unknown Webhook'),
  unknownCommand: () => discordError(404, 10063, 'Unknown application command'),
  unknownInteraction: () => discordError(404, 10062, 'Unknown interaction'),
  alreadyAcknowledged: () => discordError(400, 40060, 'Interaction has already been acknowledged.'),
  missingAccess: () => discordError(403, 50001, 'Missing Access'),
  emptyMessage: () => discordError(400, 50006, 'Cannot send an empty message'),
  missingPermissions: () => discordError(403, 50013, 'Missing Permissions'),
  invalidWebhookToken: () => discordError(401, 50027, 'Invalid Webhook Token'),
  invalidFormBody: (errors: ErrorTree) => discordError(400, 50035, 'Invalid Form Body', errors),
  invalidJson: () => discordError(400, 50109, 'The request body contains invalid JSON.'),
} as const;
