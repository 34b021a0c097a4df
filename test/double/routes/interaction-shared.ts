import type { DoubleEnv } from '../env.ts';
import type { DoubleResponse } from '../http/errors.ts';
import type { RouteContext } from '../http/route.ts';
import { createStoredMessage, type MessageSource, type StoredMessage } from '../messages.ts';
import type { InteractionRecord } from '../state.ts';

/** Notes a refused response on the interaction so tests can see it, then returns it unchanged. */
export function noteRejection(record: InteractionRecord | undefined, context: RouteContext, response: DoubleResponse): DoubleResponse {
  if (record && response.status >= 400) {
    const body = (response.body ?? {}) as { code?: number; message?: string };
    record.rejections.push({
      method: context.method, path: context.path, status: response.status, code: body.code ?? 0, message: body.message ?? '',
      body: context.body, receivedAt: context.now, elapsedMs: context.now - record.dispatchedAt,
    });
  }
  return response;
}

/** Creates and stores a message sent in answer to an interaction (response or follow-up). */
export function storeInteractionMessage(env: DoubleEnv, record: InteractionRecord, input: {
  readonly source: MessageSource;
  readonly body: unknown;
  readonly context: RouteContext;
  readonly extraFlags?: number;
}): StoredMessage {
  const { world } = env;
  const commandResponse = record.type === 2 && input.source === 'interaction-response';
  const message = createStoredMessage({
    id: env.snowflake(),
    channelId: record.payload.channel?.id ?? world.channelId,
    guildId: record.payload.guild_id ?? world.guildId,
    author: world.botUser,
    source: input.source,
    type: commandResponse ? 20 : input.source === 'interaction-response' ? 19 : 0,
    interaction: { id: record.id, type: record.type, user: world.user, guildId: world.guildId },
    webhookId: world.applicationId,
    body: input.body,
    files: input.context.files,
    extraFlags: input.extraFlags ?? 0,
    now: input.context.now,
  });
  env.state.messages.set(message.id, message);
  return message;
}
