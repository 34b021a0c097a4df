import type { DoubleEnv } from '../env.ts';
import { Errors, type DoubleResponse } from '../http/errors.ts';
import { route, type Route, type RouteContext } from '../http/route.ts';
import { applyMessageEdit, EPHEMERAL, LOADING, toApiMessage, type StoredMessage } from '../messages.ts';
import type { InteractionRecord } from '../state.ts';
import { checkAutocompleteData } from '../validate/choices.ts';
import { createFormErrors, isRecord } from '../validate/form.ts';
import { checkMessageBody } from '../validate/message.ts';
import { messageCheckError } from './channel-messages.ts';
import { noteRejection, storeInteractionMessage } from './interaction-shared.ts';

/** Callback types Discord accepts per interaction type (2 command, 3 component, 4 autocomplete, 5 modal submit). */
const ALLOWED_CALLBACKS: Readonly<Record<number, readonly number[]>> = {
  2: [4, 5, 9, 12],
  3: [4, 5, 6, 7, 9, 12],
  4: [8],
  5: [4, 5, 6, 7],
};

/** `POST /interactions/{id}/{token}/callback`: the 3-second window, single acknowledgement, validation. */
export function interactionCallbackRoutes(env: DoubleEnv): Route[] {
  const { state } = env;

  function accept(record: InteractionRecord, context: RouteContext, type: number, data: unknown): DoubleResponse {
    const flags = isRecord(data) && typeof data['flags'] === 'number' ? data['flags'] : 0;
    let message: StoredMessage | undefined;
    if (type === 4 || type === 5) {
      message = storeInteractionMessage(env, record, {
        source: 'interaction-response', body: type === 4 ? data : { flags }, context, extraFlags: type === 5 ? LOADING : 0,
      });
      record.originalMessageId = message.id;
    } else if (type === 6 || type === 7) {
      message = state.messages.get(record.payload.message?.id ?? '');
      if (message && type === 7) applyMessageEdit(message, data, context.files, context.now);
      record.originalMessageId = message?.id ?? null;
    }
    const withResponse = context.query.get('with_response') === 'true';
    record.callback = { type, data, receivedAt: context.now, elapsedMs: context.now - record.dispatchedAt, withResponse };
    if (!withResponse) return { status: 204 };
    const api = message && toApiMessage(message, env.knownUsers);
    return {
      status: 200,
      body: {
        interaction: {
          id: record.id, type: record.type,
          ...(message ? { response_message_id: message.id, response_message_loading: (message.flags & LOADING) !== 0, response_message_ephemeral: (message.flags & EPHEMERAL) !== 0 } : {}),
        },
        resource: { type, ...(api ? { message: api } : {}) },
      },
    };
  }

  function validate(record: InteractionRecord, type: number, data: unknown, context: RouteContext): DoubleResponse | undefined {
    const allowed = ALLOWED_CALLBACKS[record.type] ?? [];
    if (!allowed.includes(type)) {
      const errors = createFormErrors();
      errors.add(['type'], { code: 'BASE_TYPE_CHOICES', message: `Value must be one of {${allowed.join(', ')}}.` });
      return Errors.invalidFormBody(errors.tree);
    }
    if (type === 4) return messageCheckError(checkMessageBody(data, { requireContent: true, prefix: ['data'], hasFiles: context.files.length > 0 }));
    if (type === 7) return messageCheckError(checkMessageBody(data, { requireContent: false, prefix: ['data'] }));
    if (type === 8) {
      const errors = checkAutocompleteData(data);
      return errors.size > 0 ? Errors.invalidFormBody(errors.tree) : undefined;
    }
    return undefined;
  }

  function callback(context: RouteContext): DoubleResponse {
    const record = state.interactions.get(context.params['interactionId'] ?? '');
    if (!record || record.token !== context.params['token']) return Errors.unknownInteraction();
    if (context.now - record.dispatchedAt > record.ackWindowMs) return noteRejection(record, context, Errors.unknownInteraction());
    if (record.callback) return noteRejection(record, context, Errors.alreadyAcknowledged());
    const body = isRecord(context.body) ? context.body : {};
    const type = typeof body['type'] === 'number' ? body['type'] : -1;
    const failure = validate(record, type, body['data'], context);
    if (failure) return noteRejection(record, context, failure);
    return accept(record, context, type, body['data'] ?? null);
  }

  return [route('POST /interactions/:interactionId/:token/callback', 'none', callback)];
}
