import type { APIApplicationCommand, APIApplicationCommandOption } from 'discord.js';

/** An option value as tests write it; a bare value's type comes from the registered command, else from the value. */
export type OptionValue = string | number | boolean | { readonly type: number; readonly value: string | number | boolean };

/** Where the invoked options sit: at the top, under a subcommand, or under a group and subcommand. */
export interface CommandPath {
  readonly name: string;
  readonly subcommandGroup?: string;
  readonly subcommand?: string;
}

/** A received option as Discord sends it (subcommands nest their options). */
export interface DataOption {
  readonly name: string;
  readonly type: number;
  readonly value?: string | number | boolean;
  readonly focused?: true;
  readonly options?: DataOption[];
}

const STRING = 3;
const INTEGER = 4;
const BOOLEAN = 5;
const NUMBER = 10;

/**
 * Builds the `data.options` tree of an interaction from `{ name: value }`.
 * `focused` marks the option being typed (autocomplete): its value is sent as the raw string.
 */
export function buildDataOptions(path: CommandPath, values: Readonly<Record<string, OptionValue>>, registered: APIApplicationCommand | undefined, focused?: { readonly name: string; readonly value: string }): DataOption[] {
  const declared = declaredOptions(registered?.options ?? [], path);
  const leaves: DataOption[] = Object.entries(values).map(([name, value]) => leaf(name, value, declared));
  if (focused) {
    const type = declared.find((option) => option.name === focused.name)?.type ?? STRING;
    leaves.push({ name: focused.name, type, value: focused.value, focused: true });
  }
  if (path.subcommand === undefined) return leaves;
  const subcommand: DataOption = { name: path.subcommand, type: 1, options: leaves };
  return path.subcommandGroup === undefined ? [subcommand] : [{ name: path.subcommandGroup, type: 2, options: [subcommand] }];
}

function leaf(name: string, value: OptionValue, declared: readonly APIApplicationCommandOption[]): DataOption {
  if (typeof value === 'object') return { name, type: value.type, value: value.value };
  const type = declared.find((option) => option.name === name)?.type ?? inferType(value);
  return { name, type, value };
}

function inferType(value: string | number | boolean): number {
  if (typeof value === 'string') return STRING;
  if (typeof value === 'boolean') return BOOLEAN;
  return Number.isInteger(value) ? INTEGER : NUMBER;
}

function declaredOptions(options: readonly APIApplicationCommandOption[], path: CommandPath): readonly APIApplicationCommandOption[] {
  const child = (list: readonly APIApplicationCommandOption[], name: string | undefined) => {
    const found = list.find((option) => option.name === name);
    return found && 'options' in found && Array.isArray(found.options) ? (found.options as APIApplicationCommandOption[]) : [];
  };
  let current = options;
  if (path.subcommandGroup !== undefined) current = child(current, path.subcommandGroup);
  if (path.subcommand !== undefined) current = child(current, path.subcommand);
  return current;
}
