import type { DoubleEnv } from '../env.ts';
import { Errors, type DoubleResponse } from '../http/errors.ts';
import { route, type Route, type RouteContext } from '../http/route.ts';
import { applyMessageEdit, EPHEMERAL, toApiMessage, type StoredMessage } from '../messages.ts';
import { findInteractionByToken, type InteractionRecord } from '../state.ts';
import { checkMessageBody, hasVisibleContent } from '../validate/message.ts';
import { isRecord } from '../validate/form.ts';
import { messageCheckError } from './channel-messages.ts';
import { noteRejection, storeInteractionMessage } from './interaction-shared.ts';

/** Edits, reads, deletions of `@original` and follow-ups, through `/webhooks/{application}/{token}`. */
export function interactionWebhookRoutes(env: DoubleEnv): Route[] {
  const { state, world } = env;
  const api = (message: StoredMessage) => toApiMessage(message, env.knownUsers);

  /** The interaction behind a webhook token, or Discord's error for a foreign, unknown or expired token. */
  function interactionFor(context: RouteContext): InteractionRecord | DoubleResponse {
    if (context.params['applicationId'] !== world.applicationId) return Errors.unknownWebhook();
    const record = findInteractionByToken(state, context.params['token'] ?? '');
    if (!record) return Errors.invalidWebhookToken();
    if (context.now - record.dispatchedAt > env.options.tokenLifetimeMs) return noteRejection(record, context, Errors.invalidWebhookToken());
    return record;
  }

  function targetMessage(record: InteractionRecord, messageId: string): StoredMessage | undefined {
    const id = messageId === '@original' ? record.originalMessageId : messageId;
    const owned = id !== null && (id === record.originalMessageId || record.followUps.some((message) => message.id === id));
    return owned ? state.messages.get(id) : undefined;
  }

  function onMessage(context: RouteContext): DoubleResponse {
    const record = interactionFor(context);
    if ('status' in record) return record;
    const target = context.params['messageId'] ?? '';
    const message = record.callback ? targetMessage(record, target) : undefined;
    if (!message) return noteRejection(record, context, Errors.unknownMessage());
    if (context.method === 'GET') return { status: 200, body: api(message) };
    if (context.method === 'DELETE') {
      state.messages.delete(message.id);
      state.deletedMessages.push(message);
      record.deletions.push(message.id);
      return { status: 204 };
    }
    const failure = messageCheckError(checkMessageBody(context.body, { requireContent: false }));
    if (failure) return noteRejection(record, context, failure);
    const edit = isRecord(context.body) ? context.body : {};
    const after = { content: message.content, embeds: message.embeds, components: message.components, ...edit };
    if (!hasVisibleContent(after, message.attachments.length + context.files.length > 0)) return noteRejection(record, context, Errors.emptyMessage());
    applyMessageEdit(message, context.body, context.files, context.now);
    record.edits.push({ messageId: message.id, target, body: context.body, receivedAt: context.now, elapsedMs: context.now - record.dispatchedAt });
    return { status: 200, body: api(message) };
  }

  function followUp(context: RouteContext): DoubleResponse {
    const record = interactionFor(context);
    if ('status' in record) return record;
    if (!record.callback || record.callback.type === 8) return noteRejection(record, context, Errors.unknownWebhook());
    const failure = messageCheckError(checkMessageBody(context.body, { requireContent: true, hasFiles: context.files.length > 0 }));
    if (failure) return noteRejection(record, context, failure);
    const body = isRecord(context.body) ? context.body : {};
    const ephemeral = typeof body['flags'] === 'number' && (body['flags'] & EPHEMERAL) !== 0;
    const message = storeInteractionMessage(env, record, { source: 'follow-up', body: context.body, context, extraFlags: ephemeral ? EPHEMERAL : 0 });
    record.followUps.push(message);
    return context.query.get('wait') === 'true' ? { status: 200, body: api(message) } : { status: 204 };
  }

  return [
    route('GET /webhooks/:applicationId/:token/messages/:messageId', 'none', onMessage),
    route('PATCH /webhooks/:applicationId/:token/messages/:messageId', 'none', onMessage),
    route('DELETE /webhooks/:applicationId/:token/messages/:messageId', 'none', onMessage),
    route('POST /webhooks/:applicationId/:token', 'none', followUp),
  ];
}
