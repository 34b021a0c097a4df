import { parseArgs } from 'node:util';
import { UserError } from '../errors.ts';
import type { Locale } from '../i18n/locale.ts';

export const CLI_FORMATS = ['text', 'json', 'discord', 'csv'] as const;
export type CliFormat = (typeof CLI_FORMATS)[number];

/** What the terminal asked for, validated. */
export interface CliRequest {
  readonly command: string;
  readonly positionals: readonly string[];
  readonly locale: Locale;
  /** `text` for people; `json` the data; `discord` the Discord message payloads; `csv` a table (retreats). */
  readonly format: CliFormat;
  /** `--json` (or `--format json`). */
  readonly json: boolean;
  readonly options: Readonly<Record<string, string | boolean | undefined>>;
}

const OPTIONS = {
  locale: { type: 'string' },
  json: { type: 'boolean' },
  csv: { type: 'boolean' },
  format: { type: 'string' },
  company: { type: 'string' },
  kind: { type: 'string' },
  since: { type: 'string' },
  until: { type: 'string' },
  'dry-run': { type: 'boolean' },
  feeds: { type: 'string' },
  days: { type: 'string' },
  guild: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export const USAGE = `Usage: npm run cli -- <command> [arguments] [--locale en|fr] [--json | --csv | --format F]

Commands:
  company <name>                         a company's profile, retreats and dimensions
  retreats [--company C] [--kind K] [--since D] [--until D] [--csv]
                                         the retreat timeline, newest first (D: 2023, 2023-05 or 2023-05-17);
                                         K: a kind of retreat, or of another event (blacklisting, antitrust-probe…)
  dimension <name>                       one dimension of the US–China AI balance
  balance                                every dimension at a glance, and the outlook
  about                                  what the bot knows and how to use it
  feeds test <url>                       fetch a feed now and show how the digest would judge each item
                                         (kept or dropped, score, companies, dimensions, reasons)
  digest --dry-run [--feeds URL,URL]     fetch the tracked feeds (or these) and print the digest they would
                                         give today, every item treated as new; nothing is saved or posted
  leads [--days N] [--company C] [--guild ID]
                                         the possible new retreats a server's digests delivered (last N days,
                                         default 30, up to 365), by company, read from the bot's store (STORE_URL);
                                         --guild is needed when several servers have a digest

Options:
  --locale en|fr   language of the answer (default en)
  --json           print the data instead of text: company, retreats, dimension, balance and about print the
                   knowledge base's records (texts in both languages) with "sources", every source they cite;
                   digest --dry-run prints the items the digest would show;
                   feeds test prints {"ok", "status", "items"} or {"ok": false, "error"};
                   leads prints {"guildId", "days", "filter", "dismissed", "companies": [{"company", "subject",
                   "inKnowledgeBase", "leads": [{"title", "link", "outletCount", "outlets", "words"…}]}]}
  --csv            retreats only: the list as CSV (UTF-8 with a byte-order mark; date, company, kinds, title,
                   place, people, stated reason, reported reason, sources' URLs)
  --format F       text (default), json (= --json), csv (= --csv), or discord: the Discord message payload
                   (or the array of pages) the slash command sends

Environment:
  ALLOW_PRIVATE_FEEDS=true   allow feeds on loopback or private network addresses (default: refused)
  STORE_URL                  the bot's store, read by leads (default sqlite://var/state.sqlite)`;

export function parseCliArgs(argv: readonly string[]): CliRequest {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new UserError({ en: `${message}\n\n${USAGE}`, fr: `${message}\n\n${USAGE}` });
  }
  const { values, positionals } = parsed;
  const [command = values.help ? 'help' : '', ...rest] = positionals;
  const locale = values.locale ?? 'en';
  if (locale !== 'en' && locale !== 'fr') {
    throw new UserError({ en: `--locale must be "en" or "fr", not "${locale}".`, fr: `--locale doit valoir « en » ou « fr », pas « ${locale} ».` });
  }
  const format = parseFormat(values);
  return { command, positionals: rest, locale, format, json: format === 'json', options: values };
}

function parseFormat(values: { json?: boolean | undefined; csv?: boolean | undefined; format?: string | undefined }): CliFormat {
  const asked = new Set<string>();
  if (values.json === true) asked.add('json');
  if (values.csv === true) asked.add('csv');
  if (values.format !== undefined) asked.add(values.format);
  const [format = 'text', ...others] = asked;
  if (others.length > 0) {
    throw new UserError({ en: `Choose one output format, not ${[...asked].join(' and ')}.`, fr: `Choisissez un seul format de sortie, pas ${[...asked].join(' et ')}.` });
  }
  if (!(CLI_FORMATS as readonly string[]).includes(format)) {
    throw new UserError({
      en: `--format must be one of ${CLI_FORMATS.join(', ')}, not "${format}".`,
      fr: `--format doit valoir ${CLI_FORMATS.join(', ')}, pas « ${format} ».`,
    });
  }
  return format as CliFormat;
}

/** The error for a format a command does not print (CSV outside `retreats`, Discord payloads of `leads`…). */
export function formatUnavailable(request: CliRequest): UserError {
  return new UserError({
    en: `\`${request.command}\` has no ${request.format} output. Formats: text, json${request.command === 'retreats' ? ', csv' : ''}, discord.`,
    fr: `\`${request.command}\` ne sort pas en ${request.format}. Formats : text, json${request.command === 'retreats' ? ', csv' : ''}, discord.`,
  });
}
