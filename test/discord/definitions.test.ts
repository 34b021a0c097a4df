import type { APIApplicationCommandOption } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.ts';
import { COMMAND_PATHS } from '../../src/render/commands.ts';

/** Discord's rule for command and option names: lower case, 1–32 letters, digits, "-" or "_". */
const NAME = /^[-_\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;

interface Named {
  readonly name: string;
  readonly name_localizations?: Record<string, string | null> | null;
  readonly description: string;
  readonly description_localizations?: Record<string, string | null> | null;
}

function problemsOf(where: string, item: Named): string[] {
  const names = [item.name, item.name_localizations?.fr ?? ''];
  const descriptions = [item.description, item.description_localizations?.fr ?? ''];
  return [
    ...names.filter((name) => !NAME.test(name) || name !== name.toLowerCase()).map((name) => `${where}: bad name "${name}"`),
    ...descriptions.filter((d) => d.length < 1 || d.length > 100).map((d) => `${where}: description of ${d.length} characters`),
  ];
}

function optionProblems(where: string, options: readonly APIApplicationCommandOption[]): string[] {
  const problems = options.length > 25 ? [`${where}: ${options.length} options`] : [];
  const seen = new Set<string>();
  for (const option of options) {
    const at = `${where} ${option.name}`;
    if (seen.has(option.name)) problems.push(`${at}: duplicate`);
    seen.add(option.name);
    problems.push(...problemsOf(at, option));
    if ('choices' in option && option.choices !== undefined && option.choices.length > 25) problems.push(`${at}: too many choices`);
    if ('options' in option && option.options !== undefined) problems.push(...optionProblems(at, option.options));
  }
  return problems;
}

describe('the slash command definitions', () => {
  it('are valid for Discord in English and in French, and unique', () => {
    const problems = commands.flatMap((command) => [
      ...problemsOf(`/${command.data.name}`, command.data as Named),
      ...optionProblems(`/${command.data.name}`, command.data.options ?? []),
    ]);
    expect(problems).toEqual([]);
    expect(new Set(commands.map((c) => c.data.name)).size).toBe(commands.length);
    expect(new Set(commands.map((c) => c.data.name_localizations?.fr)).size).toBe(commands.length);
  });

  it('hide the admin commands from members without Manage Server, and only in servers', () => {
    for (const name of ['digest', 'feeds']) {
      const command = commands.find((c) => c.data.name === name);
      expect(command?.data.default_member_permissions).toBe('32');
      expect(command?.data.contexts).toEqual([0]);
    }
  });

  it('offer /leads to every member, in servers only, with a period of 1 to 365 days and a company to autocomplete', () => {
    const leads = commands.find((c) => c.data.name === 'leads');
    expect(leads?.data.name_localizations?.fr).toBe('pistes');
    expect(leads?.data.default_member_permissions).toBeUndefined();
    expect(leads?.data.contexts).toEqual([0]);
    expect(leads?.data.options?.map((option) => option.name)).toEqual(['days', 'company', 'private']);
    expect(leads?.data.options?.[0]).toMatchObject({ type: 4, min_value: 1, max_value: 365 });
    expect(leads?.data.options?.[1]).toMatchObject({ type: 3, autocomplete: true });
    expect(leads?.button).toBeDefined();
  });

  it('are named in answers as each language’s clients show them', () => {
    // Every command path an answer names, rebuilt from the registered names and their French localisations.
    const registered = new Map<string, { en: string; fr: string }>();
    for (const command of commands) {
      const root = { en: command.data.name, fr: command.data.name_localizations?.fr ?? command.data.name };
      registered.set(root.en, root);
      for (const option of command.data.options ?? []) {
        if (option.type !== 1) continue;
        registered.set(`${root.en} ${option.name}`, { en: `${root.en} ${option.name}`, fr: `${root.fr} ${option.name_localizations?.fr ?? option.name}` });
      }
    }
    for (const [path, names] of Object.entries(COMMAND_PATHS)) expect(registered.get(path), path).toEqual(names);
  });
});
