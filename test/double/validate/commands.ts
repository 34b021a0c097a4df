import { checkString, createFormErrors, isRecord, maxLength, type FormErrors } from './form.ts';

/** Locales Discord accepts in `name_localizations` / `description_localizations`. */
export const DISCORD_LOCALES: ReadonlySet<string> = new Set([
  'id', 'da', 'de', 'en-GB', 'en-US', 'es-ES', 'es-419', 'fr', 'hr', 'it', 'lt', 'hu', 'nl', 'no', 'pl', 'pt-BR', 'ro',
  'fi', 'sv-SE', 'vi', 'tr', 'cs', 'el', 'bg', 'ru', 'uk', 'hi', 'th', 'zh-CN', 'ja', 'zh-TW', 'ko',
]);

const NAME_PATTERN = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;
const SUBCOMMAND = 1;
const SUBCOMMAND_GROUP = 2;
const CHAT_INPUT = 1;
const PER_TYPE_LIMIT: Readonly<Record<number, number>> = { 1: 100, 2: 15, 3: 15 };

type Path = readonly (string | number)[];

/** Checks a bulk-overwrite body (an array of commands) like Discord's `PUT …/commands`. */
export function checkCommandList(body: unknown): FormErrors {
  const errors = createFormErrors();
  if (!Array.isArray(body)) {
    errors.add([], { code: 'BASE_TYPE_ARRAY', message: 'Must be an array.' });
    return errors;
  }
  const seen = new Set<string>();
  const perType = new Map<number, number>();
  body.forEach((command: unknown, index) => {
    const record = isRecord(command) ? command : {};
    checkCommand(errors, [index], record);
    const type = typeof record['type'] === 'number' ? record['type'] : CHAT_INPUT;
    perType.set(type, (perType.get(type) ?? 0) + 1);
    const key = `${type}:${String(record['name'])}`;
    if (seen.has(key)) errors.add([index, 'name'], { code: 'APPLICATION_COMMANDS_DUPLICATE_NAME', message: `Application command names must be unique` });
    seen.add(key);
  });
  for (const [type, count] of perType) {
    const limit = PER_TYPE_LIMIT[type] ?? 0;
    if (count > limit) errors.add([], maxLength(limit));
  }
  return errors;
}

/** Checks one command definition (also used by single-command create). */
export function checkCommand(errors: FormErrors, path: Path, command: Record<string, unknown>): void {
  const type = typeof command['type'] === 'number' ? command['type'] : CHAT_INPUT;
  const chatInput = type === CHAT_INPUT;
  checkName(errors, [...path, 'name'], command['name'], chatInput);
  if (chatInput) checkString(errors, [...path, 'description'], command['description'], { min: 1, max: 100 });
  else if (typeof command['description'] === 'string' && command['description'] !== '') {
    errors.add([...path, 'description'], { code: 'APPLICATION_COMMAND_CONTEXT_MENU_DESCRIPTION_INVALID', message: 'Context menu commands cannot have description' });
  }
  checkLocalizations(errors, [...path, 'name_localizations'], command['name_localizations'], (at, value) => checkName(errors, at, value, chatInput));
  checkLocalizations(errors, [...path, 'description_localizations'], command['description_localizations'], (at, value) => checkString(errors, at, value, { min: 1, max: 100 }));
  if (chatInput) checkOptions(errors, [...path, 'options'], command['options'], 0);
}

function checkName(errors: FormErrors, path: Path, name: unknown, lowercase: boolean): void {
  if (typeof name !== 'string') {
    checkString(errors, path, name, { min: 1, max: 32 });
    return;
  }
  if (lowercase ? !NAME_PATTERN.test(name) || name !== name.toLowerCase() : name.length < 1 || name.length > 32) {
    errors.add(path, { code: 'APPLICATION_COMMAND_INVALID_NAME', message: 'Command name is invalid' });
  }
}

function checkLocalizations(errors: FormErrors, path: Path, value: unknown, checkValue: (path: Path, value: unknown) => void): void {
  if (!isRecord(value)) return;
  for (const [locale, text] of Object.entries(value)) {
    if (!DISCORD_LOCALES.has(locale)) errors.add([...path, locale], { code: 'ENUM_TYPE_COERCE', message: `Value "${locale}" is not a valid enum value.` });
    else checkValue([...path, locale], text);
  }
}

function checkOptions(errors: FormErrors, path: Path, options: unknown, depth: number): void {
  if (options === undefined || options === null) return;
  if (!Array.isArray(options)) {
    errors.add(path, { code: 'BASE_TYPE_ARRAY', message: 'Must be an array.' });
    return;
  }
  if (options.length > 25) errors.add(path, maxLength(25));
  let optionalSeen = false;
  const names = new Set<string>();
  options.forEach((option: unknown, index) => {
    const record = isRecord(option) ? option : {};
    const at = [...path, index];
    const type = record['type'];
    checkName(errors, [...at, 'name'], record['name'], true);
    checkString(errors, [...at, 'description'], record['description'], { min: 1, max: 100 });
    checkLocalizations(errors, [...at, 'name_localizations'], record['name_localizations'], (p, v) => checkName(errors, p, v, true));
    checkLocalizations(errors, [...at, 'description_localizations'], record['description_localizations'], (p, v) => checkString(errors, p, v, { min: 1, max: 100 }));
    if (typeof type !== 'number' || type < 1 || type > 11) errors.add([...at, 'type'], { code: 'BASE_TYPE_CHOICES', message: 'Value must be one of {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}.' });
    const name = String(record['name']);
    if (names.has(name)) errors.add([...at, 'name'], { code: 'APPLICATION_COMMAND_OPTIONS_NAME_ALREADY_EXISTS', message: 'Option names must be unique' });
    names.add(name);
    if (type === SUBCOMMAND || type === SUBCOMMAND_GROUP) {
      if (depth >= (type === SUBCOMMAND_GROUP ? 1 : 2)) errors.add([...at, 'type'], { code: 'APPLICATION_COMMAND_OPTIONS_TYPE_INVALID', message: 'Sub-command and sub-command group option types are mutually exclusive to all other types' });
      checkOptions(errors, [...at, 'options'], record['options'], depth + 1);
      return;
    }
    if (record['required'] === true && optionalSeen) {
      errors.add([...at, 'required'], { code: 'APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID', message: 'Required options must be placed before non-required options' });
    }
    if (record['required'] !== true) optionalSeen = true;
    const choices = record['choices'];
    if (Array.isArray(choices)) {
      if (choices.length > 25) errors.add([...at, 'choices'], maxLength(25));
      choices.forEach((choice: unknown, choiceIndex) => {
        const choiceRecord = isRecord(choice) ? choice : {};
        checkString(errors, [...at, 'choices', choiceIndex, 'name'], choiceRecord['name'], { min: 1, max: 100 });
      });
      if (record['autocomplete'] === true && choices.length > 0) {
        errors.add([...at, 'autocomplete'], { code: 'APPLICATION_COMMAND_AUTOCOMPLETE_INVALID', message: 'Autocomplete cannot be set on options with choices' });
      }
    }
  });
}
