import { answerAbout, answerBalance, answerCompany, answerDimension, answerRetreats, type RetreatsInput } from '../src/answers.ts';
import type { Locale } from '../src/i18n/locale.ts';
import { suggestCompanyChoices, suggestDimensionChoices } from '../src/kb/query.ts';
import { foldText } from '../src/kb/text.ts';
import type { KnowledgeBase } from '../src/kb/types.ts';
import type { BenchBot } from './bot.ts';
import type { InteractionSpec } from './discord-host.ts';
import type { MeasureInput } from './measure.ts';
import { summarize, timeCalls } from './stats.ts';

/** Sizes of the commands benchmark. */
export interface CommandsConfig {
  /** Calls per pure handler (fewer when `budgetMs` runs out first; the count measured is reported). */
  readonly calls: number;
  /** Time allowed per handler and knowledge base, so a slow handler on the 100× base stays bounded. */
  readonly budgetMs: number;
  readonly interactions: number;
}

const LOCALES: readonly Locale[] = ['en', 'fr'];
const localeOf = (i: number): Locale => LOCALES[i % LOCALES.length] as Locale;

function cycle<T>(list: readonly T[], i: number): T {
  return list[i % list.length] as T;
}

/** Company names to ask about: every company of the base, in a fixed spread order (the 100× copies included). */
function companyNames(kb: KnowledgeBase): string[] {
  const all = [...kb.companies.values()].map((company) => company.name);
  const step = Math.max(1, Math.floor(all.length / 200));
  return all.filter((_, index) => index % step === 0);
}

function retreatInputs(kb: KnowledgeBase): RetreatsInput[] {
  const [first, second] = companyNames(kb);
  return [{}, { company: first }, { company: second, since: '2023' }, { kind: 'lab-closure' }, { since: '2024', until: '2025' }, { kind: 'layoffs', since: '2020' }];
}

/** What users type in an autocomplete box: prefixes of names and aliases, a typo, nothing. */
function typedInputs(names: readonly string[]): string[] {
  const inputs = new Set<string>(['', 'x', 'zz']);
  for (const name of names.slice(0, 60)) {
    for (const length of [1, 2, 3, 5]) inputs.add(name.slice(0, length));
    if (name.length > 4) inputs.add(`${name.slice(0, 2)}${name.slice(3, 6)}`);
  }
  return [...inputs];
}

/** The handlers and the calls that exercise them (inputs and locales vary from call to call). */
function handlers(kb: KnowledgeBase): [string, (i: number) => unknown][] {
  const companies = companyNames(kb);
  const dimensions = kb.dimensions.map((dimension) => dimension.id);
  const retreats = retreatInputs(kb);
  return [
    ['answerRetreats', (i) => answerRetreats(kb, cycle(retreats, i), localeOf(i))],
    ['answerCompany', (i) => answerCompany(kb, cycle(companies, i), localeOf(i))],
    ['answerDimension', (i) => answerDimension(kb, cycle(dimensions, i), localeOf(i))],
    ['answerBalance', (i) => answerBalance(kb, localeOf(i))],
    ['answerAbout', (i) => answerAbout(kb, localeOf(i))],
  ];
}

/** The naive matcher a bot without an index would use: every name and alias scanned for the typed text. */
function naiveCompanyChoices(kb: KnowledgeBase, input: string) {
  const typed = foldText(input);
  const choices: { name: string; value: string }[] = [];
  for (const company of kb.companies.values()) {
    if ([company.name, ...company.aliases].some((name) => foldText(name).includes(typed))) choices.push({ name: company.name, value: company.id });
    if (choices.length === 25) break;
  }
  return choices;
}

function naiveDimensionChoices(kb: KnowledgeBase, input: string, locale: Locale) {
  const typed = foldText(input);
  return kb.dimensions
    .filter((dimension) => [dimension.name.en, dimension.name.fr, ...dimension.aliases].some((name) => foldText(name).includes(typed)))
    .slice(0, 25)
    .map((dimension) => ({ name: dimension.name[locale], value: dimension.id }));
}

/** Calls timed between two deadline checks. */
const BATCH = 20;

/** Up to `calls` per-call latencies of `run`, in batches, stopping when `budgetMs` has passed. */
function callsWithin(run: (i: number) => unknown, calls: number, budgetMs: number): number[] {
  const samples: number[] = [];
  const deadline = performance.now() + budgetMs;
  while (samples.length < calls && performance.now() < deadline) {
    const offset = samples.length;
    samples.push(...timeCalls(Math.min(BATCH, calls - offset), (i) => run(offset + i)));
  }
  return samples;
}

/** Per-call latencies of `run`: a warm-up (a tenth of the calls, a fifth of the budget), then the measured calls. */
function measureCalls(run: (i: number) => unknown, config: CommandsConfig): number[] {
  callsWithin(run, Math.ceil(config.calls / 10), config.budgetMs / 5);
  return callsWithin(run, config.calls, config.budgetMs);
}

/** Measure 3 (pure part): every handler on the real and the 100× base, and autocomplete, beside their baselines. */
export function benchHandlers(real: KnowledgeBase, large: KnowledgeBase, config: CommandsConfig, log: (line: string) => void): MeasureInput[] {
  const section = 'Commands';
  const measures: MeasureInput[] = [];
  const realSamples = new Map<string, number[]>();
  for (const [name, run] of handlers(real)) {
    const samples = measureCalls(run, config);
    realSamples.set(name, samples);
    // The floor: serialising the same answers to JSON, which discord.js does next to send them.
    const answers = Array.from({ length: 64 }, (_, i) => run(i));
    const floor = measureCalls((i) => JSON.stringify(cycle(answers, i)), config);
    measures.push({
      id: `commands.${name}.real`, section, name: `${name}, real knowledge base`, unit: 'ms', statistic: 'p99',
      summary: summarize(samples), baseline: { name: 'JSON.stringify of its answer', summary: summarize(floor) }, target: { kind: 'below', limit: 1 },
    });
    log(`commands: ${name} real p99 ${summarize(samples).p99.toFixed(3)} ms`);
  }
  for (const [name, run] of handlers(large)) {
    const samples = measureCalls(run, config);
    measures.push({
      id: `commands.${name}.large`, section, name: `${name}, 100× knowledge base`, unit: 'ms', statistic: 'p99',
      summary: summarize(samples), baseline: { name: 'same, real base', summary: summarize(realSamples.get(name) ?? []) }, target: { kind: 'below', limit: 5 },
      ...(samples.length < config.calls ? { note: `${samples.length} calls: the ${config.budgetMs / 1000} s budget ran out before ${config.calls}.` } : {}),
    });
    log(`commands: ${name} 100× p99 ${summarize(samples).p99.toFixed(3)} ms (${samples.length} calls)`);
  }
  for (const [label, kb] of [['real', real], ['large', large]] as const) {
    const companies = typedInputs([...kb.companies.values()].flatMap((company) => [company.name, ...company.aliases]));
    const dimensions = typedInputs(kb.dimensions.flatMap((dimension) => [dimension.name.en, dimension.name.fr, ...dimension.aliases]));
    const base = label === 'real' ? 'real knowledge base' : '100× knowledge base';
    const autocomplete: [string, (i: number) => unknown, (i: number) => unknown][] = [
      ['suggestCompanyChoices', (i) => suggestCompanyChoices(kb, cycle(companies, i), localeOf(i)), (i) => naiveCompanyChoices(kb, cycle(companies, i))],
      ['suggestDimensionChoices', (i) => suggestDimensionChoices(kb, cycle(dimensions, i), localeOf(i)), (i) => naiveDimensionChoices(kb, cycle(dimensions, i), localeOf(i))],
    ];
    for (const [name, run, naive] of autocomplete) {
      const samples = measureCalls(run, config);
      measures.push({
        id: `commands.${name}.${label}`, section, name: `Autocomplete ${name}, ${base}`, unit: 'ms', statistic: 'p99',
        summary: summarize(samples), baseline: { name: 'naive substring scan', summary: summarize(measureCalls(naive, config)) }, target: { kind: 'below', limit: 1 },
      });
    }
  }
  return measures;
}

/** Every command and an autocomplete, in both languages: what users send. */
const E2E_PLAN: InteractionSpec[] = [
  { kind: 'command', name: 'about' },
  { kind: 'command', name: 'company', options: { name: 'aws' }, locale: 'fr' },
  { kind: 'command', name: 'dimension', options: { name: 'compute' } },
  { kind: 'command', name: 'balance', locale: 'fr' },
  { kind: 'command', name: 'retreats', options: { company: 'microsoft' } },
  { kind: 'autocomplete', name: 'company', focused: 'name', value: 'micro' },
  { kind: 'command', name: 'retreats', locale: 'fr' },
  { kind: 'autocomplete', name: 'retreats', focused: 'company', value: '' },
];

/** Measure 3 (end to end): interactions through the real discord.js client and the double, beside a no-op command. */
export async function benchInteractions(bot: BenchBot, config: CommandsConfig, log: (line: string) => void): Promise<MeasureInput[]> {
  const noop: InteractionSpec[] = [{ kind: 'command', name: 'bench-noop' }];
  await bot.sequence(E2E_PLAN, Math.min(100, config.interactions));
  await bot.sequence(noop, Math.min(50, config.interactions));
  const real = await bot.sequence(E2E_PLAN, config.interactions);
  const floor = await bot.sequence(noop, config.interactions);
  if (real.unanswered > 0 || floor.unanswered > 0) throw new Error(`interactions unanswered: ${real.unanswered} commands, ${floor.unanswered} no-ops`);
  log(`commands: ${config.interactions} interactions end to end, p99 ${summarize(real.samples).p99.toFixed(1)} ms`);
  return [
    {
      id: 'commands.end-to-end', section: 'Commands', name: `Interactions end to end (discord.js + double), ${config.interactions}`,
      unit: 'ms', statistic: 'p99', summary: summarize(real.samples),
      baseline: { name: 'no-op command, same path', summary: summarize(floor.samples) }, target: { kind: 'below', limit: 25 },
      note: "Dispatch→callback from the double's records (1 ms resolution); the double runs in a child process.",
    },
  ];
}
