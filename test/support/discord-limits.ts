import type { MessagePayload } from '../../src/render/payload.ts';

/**
 * Discord's limits, written out here independently of src/render/limits.ts so a wrong constant there
 * cannot hide a wrong payload.
 */
const LIMITS = {
  content: 2000, title: 256, description: 4096, fieldName: 256, fieldValue: 1024, fields: 25, footer: 2048,
  author: 256, embeds: 10, total: 6000, customId: 100, buttonLabel: 80, buttonsPerRow: 5, rows: 5,
  selectOptions: 25, optionText: 100, placeholder: 150,
};

/** Every way the payload breaks a Discord limit (or lets a mention ping), as readable messages. */
export function discordLimitViolations(payload: MessagePayload): string[] {
  const problems: string[] = [];
  const check = (ok: boolean, message: string) => {
    if (!ok) problems.push(message);
  };
  const mentions = payload.allowed_mentions as { parse?: unknown } | undefined;
  check(Array.isArray(mentions?.parse) && (mentions.parse as unknown[]).length === 0, 'allowed_mentions.parse must be []');
  check((payload.content ?? '').length <= LIMITS.content, `content has ${payload.content?.length} characters`);
  check(payload.embeds.length <= LIMITS.embeds, `${payload.embeds.length} embeds`);
  check(payload.embeds.length > 0 || (payload.content ?? '').trim() !== '', 'a message needs content or an embed');
  let total = 0;
  payload.embeds.forEach((embed, e) => {
    const at = `embed ${e}`;
    const title = embed.title ?? '';
    const description = embed.description ?? '';
    const footer = embed.footer?.text ?? '';
    const author = embed.author?.name ?? '';
    const fields = embed.fields ?? [];
    check(title.length <= LIMITS.title, `${at}: title has ${title.length} characters`);
    check(description.length <= LIMITS.description, `${at}: description has ${description.length} characters`);
    check(embed.description === undefined || description.trim() !== '', `${at}: empty description`);
    check(footer.length <= LIMITS.footer, `${at}: footer has ${footer.length} characters`);
    check(author.length <= LIMITS.author, `${at}: author has ${author.length} characters`);
    check(fields.length <= LIMITS.fields, `${at}: ${fields.length} fields`);
    fields.forEach((field, f) => {
      check(field.name.length > 0 && field.name.length <= LIMITS.fieldName, `${at} field ${f}: name has ${field.name.length} characters`);
      check(field.value.trim().length > 0 && field.value.length <= LIMITS.fieldValue, `${at} field ${f}: value has ${field.value.length} characters`);
    });
    const size = title.length + description.length + footer.length + author.length + fields.reduce((sum, f) => sum + f.name.length + f.value.length, 0);
    check(size > 0, `${at}: empty embed`);
    total += size;
  });
  check(total <= LIMITS.total, `embeds hold ${total} characters in all`);
  const rows = payload.components ?? [];
  check(rows.length <= LIMITS.rows, `${rows.length} action rows`);
  const ids = new Set<string>();
  for (const row of rows) {
    check(row.type === 1, 'a component row is not an action row');
    const [first] = row.components;
    if (first?.type === 3) {
      check(row.components.length === 1, 'a select menu shares its row');
      check(first.custom_id.length > 0 && first.custom_id.length <= LIMITS.customId, `custom id "${first.custom_id}" has ${first.custom_id.length} characters`);
      check(!ids.has(first.custom_id), `custom id "${first.custom_id}" is used twice`);
      ids.add(first.custom_id);
      check((first.placeholder ?? '').length <= LIMITS.placeholder, `placeholder "${first.placeholder}" is too long`);
      check(first.options.length >= 1 && first.options.length <= LIMITS.selectOptions, `a select menu holds ${first.options.length} options`);
      check(new Set(first.options.map((o) => o.value)).size === first.options.length, 'a select menu repeats a value');
      for (const option of first.options) {
        check(option.label.length > 0 && option.label.length <= LIMITS.optionText, `option label "${option.label}" has ${option.label.length} characters`);
        check(option.value.length > 0 && option.value.length <= LIMITS.optionText, `option value "${option.value}" has ${option.value.length} characters`);
        check((option.description ?? '').length <= LIMITS.optionText, `option description "${option.description}" is too long`);
      }
      continue;
    }
    check(row.components.length > 0 && row.components.length <= LIMITS.buttonsPerRow, `a row holds ${row.components.length} buttons`);
    for (const button of row.components) {
      check(button.type === 2, 'a row holds something other than a button');
      if (button.type !== 2) continue;
      const label = 'label' in button ? (button.label ?? '') : '';
      check(label.length <= LIMITS.buttonLabel, `button label "${label}" is too long`);
      if ('custom_id' in button) {
        check(button.custom_id.length > 0 && button.custom_id.length <= LIMITS.customId, `custom id "${button.custom_id}" has ${button.custom_id.length} characters`);
        check(!ids.has(button.custom_id), `custom id "${button.custom_id}" is used twice`);
        ids.add(button.custom_id);
      }
    }
  }
  return problems;
}

/** Throws, listing every violation, unless the payload is within every Discord limit and pings nobody. */
export function assertWithinDiscordLimits(payload: MessagePayload): void {
  const problems = discordLimitViolations(payload);
  if (problems.length > 0) throw new Error(`payload breaks Discord limits:\n- ${problems.join('\n- ')}`);
}
