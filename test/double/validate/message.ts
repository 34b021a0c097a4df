import { checkString, createFormErrors, isRecord, maxLength, badLength, type FormErrors } from './form.ts';

/** Discord's message limits (https://discord.com/developers/docs/resources/message#create-message). */
export const MESSAGE_LIMITS = {
  content: 2000,
  embeds: 10,
  embedTitle: 256,
  embedDescription: 4096,
  embedFields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footerText: 2048,
  authorName: 256,
  embedTotal: 6000,
  actionRows: 5,
  rowComponents: 5,
  customId: 100,
  buttonLabel: 80,
  selectOptions: 25,
  selectOptionText: 100,
  selectPlaceholder: 150,
  nonce: 25,
} as const;

/** Outcome of checking a message body: fine, an "Invalid Form Body" tree, or Discord's "Cannot send an empty message". */
export type MessageCheck =
  | { readonly kind: 'ok' }
  | { readonly kind: 'invalid'; readonly errors: FormErrors }
  | { readonly kind: 'empty' };

/**
 * Checks a message body as Discord does for create (`requireContent`) or edit.
 * `prefix` nests the errors, e.g. `['data']` for interaction callbacks.
 */
export function checkMessageBody(body: unknown, options: { readonly requireContent: boolean; readonly prefix?: readonly string[]; readonly hasFiles?: boolean }): MessageCheck {
  const errors = createFormErrors();
  const prefix = options.prefix ?? [];
  const message = isRecord(body) ? body : {};
  checkString(errors, [...prefix, 'content'], message['content'], { max: MESSAGE_LIMITS.content });
  checkEmbeds(errors, prefix, message['embeds']);
  checkComponents(errors, prefix, message['components']);
  checkAllowedMentions(errors, [...prefix, 'allowed_mentions'], message['allowed_mentions']);
  const nonce = message['nonce'];
  if (typeof nonce === 'string') checkString(errors, [...prefix, 'nonce'], nonce, { max: MESSAGE_LIMITS.nonce });
  if (errors.size > 0) return { kind: 'invalid', errors };
  if (options.requireContent && !hasVisibleContent(message, options.hasFiles ?? false)) return { kind: 'empty' };
  return { kind: 'ok' };
}

/** Whether a message body would show anything: content, embeds, components, stickers, a poll or files. */
export function hasVisibleContent(message: Record<string, unknown>, hasFiles: boolean): boolean {
  const nonEmptyArray = (value: unknown) => Array.isArray(value) && value.length > 0;
  return (typeof message['content'] === 'string' && message['content'].trim() !== '')
    || nonEmptyArray(message['embeds']) || nonEmptyArray(message['components'])
    || nonEmptyArray(message['sticker_ids']) || isRecord(message['poll']) || hasFiles;
}

/** Characters counted against the 6000 per-message embed budget. */
export function embedCharacters(embed: Record<string, unknown>): number {
  const length = (value: unknown) => (typeof value === 'string' ? [...value].length : 0);
  const nested = (value: unknown, key: string) => (isRecord(value) ? length(value[key]) : 0);
  const fields = Array.isArray(embed['fields']) ? embed['fields'] : [];
  return length(embed['title']) + length(embed['description']) + nested(embed['footer'], 'text') + nested(embed['author'], 'name')
    + fields.reduce<number>((sum, field) => sum + nested(field, 'name') + nested(field, 'value'), 0);
}

function checkEmbeds(errors: FormErrors, prefix: readonly string[], embeds: unknown): void {
  if (!Array.isArray(embeds)) return;
  const path = [...prefix, 'embeds'];
  if (embeds.length > MESSAGE_LIMITS.embeds) errors.add(path, maxLength(MESSAGE_LIMITS.embeds));
  let total = 0;
  embeds.forEach((embed: unknown, index) => {
    if (!isRecord(embed)) return;
    const at = [...path, index];
    checkString(errors, [...at, 'title'], embed['title'], { max: MESSAGE_LIMITS.embedTitle });
    checkString(errors, [...at, 'description'], embed['description'], { max: MESSAGE_LIMITS.embedDescription });
    if (isRecord(embed['footer'])) checkString(errors, [...at, 'footer', 'text'], embed['footer']['text'], { min: 1, max: MESSAGE_LIMITS.footerText });
    if (isRecord(embed['author'])) checkString(errors, [...at, 'author', 'name'], embed['author']['name'], { min: 1, max: MESSAGE_LIMITS.authorName });
    const fields = embed['fields'];
    if (Array.isArray(fields)) {
      if (fields.length > MESSAGE_LIMITS.embedFields) errors.add([...at, 'fields'], maxLength(MESSAGE_LIMITS.embedFields));
      fields.forEach((field: unknown, fieldIndex) => {
        const fieldRecord = isRecord(field) ? field : {};
        checkString(errors, [...at, 'fields', fieldIndex, 'name'], fieldRecord['name'], { min: 1, max: MESSAGE_LIMITS.fieldName });
        checkString(errors, [...at, 'fields', fieldIndex, 'value'], fieldRecord['value'], { min: 1, max: MESSAGE_LIMITS.fieldValue });
      });
    }
    total += embedCharacters(embed);
  });
  if (total > MESSAGE_LIMITS.embedTotal) {
    errors.add(path, { code: 'MAX_EMBED_SIZE_EXCEEDED', message: `Embed size exceeds maximum size of ${MESSAGE_LIMITS.embedTotal}` });
  }
}

function checkComponents(errors: FormErrors, prefix: readonly string[], components: unknown): void {
  if (!Array.isArray(components)) return;
  const path = [...prefix, 'components'];
  // Components V2 layouts (containers, text displays…) have other limits; only classic action rows are checked.
  if (!components.every((row: unknown) => isRecord(row) && row['type'] === 1)) return;
  if (components.length > MESSAGE_LIMITS.actionRows) errors.add(path, maxLength(MESSAGE_LIMITS.actionRows));
  components.forEach((row: Record<string, unknown>, rowIndex) => {
    const children = row['components'];
    const rowPath = [...path, rowIndex, 'components'];
    if (!Array.isArray(children) || children.length === 0 || children.length > MESSAGE_LIMITS.rowComponents) {
      errors.add(rowPath, badLength(1, MESSAGE_LIMITS.rowComponents));
      return;
    }
    // A select menu fills its row on its own.
    if (children.length > 1 && children.some((child: unknown) => isRecord(child) && child['type'] !== 2)) {
      errors.add(rowPath, { code: 'COMPONENT_LAYOUT_WIDTH_EXCEEDED', message: 'The specified component exceeds the maximum width' });
    }
    children.forEach((child: unknown, childIndex) => {
      if (!isRecord(child)) return;
      checkString(errors, [...rowPath, childIndex, 'custom_id'], child['custom_id'], { max: MESSAGE_LIMITS.customId });
      if (child['type'] === 2) checkString(errors, [...rowPath, childIndex, 'label'], child['label'], { max: MESSAGE_LIMITS.buttonLabel });
      if (child['type'] === 3) checkSelect(errors, [...rowPath, childIndex], child);
    });
  });
}

/** A string select: 1–25 options with labels, values and descriptions of at most 100 characters, distinct values. */
function checkSelect(errors: FormErrors, path: readonly (string | number)[], select: Record<string, unknown>): void {
  const options = select['options'];
  if (select['placeholder'] !== undefined) checkString(errors, [...path, 'placeholder'], select['placeholder'], { max: MESSAGE_LIMITS.selectPlaceholder });
  if (!Array.isArray(options) || options.length === 0 || options.length > MESSAGE_LIMITS.selectOptions) {
    errors.add([...path, 'options'], badLength(1, MESSAGE_LIMITS.selectOptions));
    return;
  }
  options.forEach((option: unknown, index) => {
    if (!isRecord(option)) return;
    for (const key of ['label', 'value'] as const) checkString(errors, [...path, 'options', index, key], option[key], { min: 1, max: MESSAGE_LIMITS.selectOptionText });
    if (option['description'] !== undefined) checkString(errors, [...path, 'options', index, 'description'], option['description'], { max: MESSAGE_LIMITS.selectOptionText });
  });
  const values = options.map((option: unknown) => (isRecord(option) ? option['value'] : undefined));
  if (new Set(values).size !== values.length) errors.add([...path, 'options'], { code: 'SELECT_COMPONENT_OPTION_VALUE_DUPLICATED', message: 'Select component option values must be unique' });
}

function checkAllowedMentions(errors: FormErrors, path: readonly string[], value: unknown): void {
  if (!isRecord(value)) return;
  const parse = value['parse'];
  if (!Array.isArray(parse)) return;
  parse.forEach((entry: unknown, index) => {
    if (entry !== 'users' && entry !== 'roles' && entry !== 'everyone') {
      errors.add([...path, 'parse', index], { code: 'BASE_TYPE_CHOICES', message: 'Value must be one of {"everyone", "roles", "users"}.' });
    }
  });
  for (const kind of ['users', 'roles'] as const) {
    if (parse.includes(kind) && Array.isArray(value[kind]) && value[kind].length > 0) {
      errors.add(path, { code: 'MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE', message: `parse:["${kind}"] and ${kind}: [ids...] are mutually exclusive.` });
    }
  }
}
