import type { APIActionRowComponent, APIButtonComponent, APISelectMenuOption, APIStringSelectComponent } from 'discord.js';
import { DISCORD_LIMITS as LIMITS } from './limits.ts';
import { truncateAtWord } from './split.ts';

const ACTION_ROW = 1;
const BUTTON = 2;
const STRING_SELECT = 3;
const SECONDARY = 2;

/** What a select menu's option shows (plain text: Discord renders no markdown there) and the value it sends. */
export interface MenuOption {
  readonly label: string;
  readonly value: string;
  readonly description?: string;
}

/** Discord's limits on a string select menu. */
export const SELECT_LIMITS = { options: 25, optionText: 100, placeholder: 150 } as const;

function checkCustomId(customId: string): void {
  if (customId.length > LIMITS.customId) throw new Error(`custom id longer than ${LIMITS.customId} characters: ${customId}`);
}

/** A row holding one string select menu; labels, descriptions and the placeholder are cut at a word to fit. */
export function selectRow(customId: string, placeholder: string, options: readonly MenuOption[]): APIActionRowComponent<APIStringSelectComponent> {
  checkCustomId(customId);
  if (options.length === 0 || options.length > SELECT_LIMITS.options) throw new Error(`a select menu holds 1 to ${SELECT_LIMITS.options} options`);
  const menuOptions: APISelectMenuOption[] = options.map((option) => {
    if (option.value.length > SELECT_LIMITS.optionText) throw new Error(`select value longer than ${SELECT_LIMITS.optionText}: ${option.value}`);
    const description = option.description === undefined || option.description.trim() === '' ? undefined : truncateAtWord(option.description, SELECT_LIMITS.optionText);
    return { label: truncateAtWord(option.label, SELECT_LIMITS.optionText), value: option.value, ...(description === undefined ? {} : { description }) };
  });
  return {
    type: ACTION_ROW,
    components: [{ type: STRING_SELECT, custom_id: customId, placeholder: truncateAtWord(placeholder, SELECT_LIMITS.placeholder), options: menuOptions }],
  };
}

/** A row with one grey button. */
export function buttonRow(customId: string, label: string): APIActionRowComponent<APIButtonComponent> {
  checkCustomId(customId);
  return { type: ACTION_ROW, components: [{ type: BUTTON, style: SECONDARY, custom_id: customId, label: truncateAtWord(label, LIMITS.buttonLabel) }] };
}
