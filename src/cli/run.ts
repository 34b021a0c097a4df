import { answerAbout, answerBalance, answerCompany, answerDimension, answerRetreats, exportRetreatsCsv, findRetreats } from '../answers.ts';
import { exportBalance, exportCompany, exportDimension, exportEvents } from '../kb/export/data.ts';
import { companyDimensions, companyEvents, knowledgeStats, relatedEvents, requireCompany, requireDimension } from '../kb/query.ts';
import type { RetreatFilters } from '../render/retreats.ts';
import { isUserError, UserError } from '../errors.ts';
import type { Locale, LocalizedText } from '../i18n/locale.ts';
import { parseConfig } from '../config.ts';
import { collectOptionsFromConfig } from '../digest/collect/options.ts';
import { loadKnowledgeBase } from '../kb/load/index.ts';
import { isStartupProblem } from '../startup.ts';
import type { KnowledgeBase } from '../kb/types.ts';
import type { MessagePayload } from '../render/payload.ts';
import { payloadToText } from '../render/text.ts';
import { formatUnavailable, parseCliArgs, USAGE, type CliRequest } from './args.ts';
import { runDigestCommand } from './digest.ts';
import { runFeedsCommand } from './feeds.ts';
import type { CliIo } from './io.ts';
import { runLeadsCommand } from './leads.ts';


function optionString(request: CliRequest, name: string): string | undefined {
  const value = request.options[name];
  return typeof value === 'string' ? value : undefined;
}

function requirePositional(request: CliRequest, what: LocalizedText): string {
  const value = request.positionals.join(' ').trim();
  if (value === '') {
    throw new UserError({ en: `Missing ${what.en}: npm run cli -- ${request.command} <${what.en}>`, fr: `Il manque ${what.fr} : npm run cli -- ${request.command} <nom>` });
  }
  return value;
}

/** One knowledge answer in each form the CLI prints: the pages people read (or Discord receives), and the data. */
interface CliAnswer {
  readonly pages: () => MessagePayload[];
  readonly data: () => unknown;
  /** A table, where the answer is one (retreats). */
  readonly csv?: () => string;
}

function answer(kb: KnowledgeBase, request: CliRequest): CliAnswer {
  const { locale } = request;
  switch (request.command) {
    case 'company': {
      const name = requirePositional(request, { en: 'company name', fr: 'le nom de l’entreprise' });
      const company = requireCompany(kb, name);
      const dimensions = companyDimensions(kb, company.id).flatMap((id) => kb.dimensionsById.get(id) ?? []);
      return { pages: () => answerCompany(kb, name, locale), data: () => exportCompany(kb, company, companyEvents(kb, company.id), dimensions) };
    }
    case 'retreats': {
      const input = {
        company: optionString(request, 'company'),
        kind: optionString(request, 'kind'),
        since: optionString(request, 'since'),
        until: optionString(request, 'until'),
      };
      const { events, filters } = findRetreats(kb, input);
      return {
        pages: () => answerRetreats(kb, input, locale),
        data: () => exportEvents(kb, events, filterIds(filters)),
        csv: () => exportRetreatsCsv(kb, input, locale).data.toString('utf8'),
      };
    }
    case 'dimension': {
      const name = requirePositional(request, { en: 'dimension name', fr: 'le nom de la dimension' });
      const dimension = requireDimension(kb, name);
      return { pages: () => answerDimension(kb, name, locale), data: () => exportDimension(kb, dimension, relatedEvents(kb, dimension.id)) };
    }
    case 'balance':
      return { pages: () => answerBalance(kb, locale), data: () => exportBalance(kb) };
    case 'about':
      return { pages: () => answerAbout(kb, locale), data: () => ({ meta: kb.meta, ...knowledgeStats(kb) }) };
    default:
      throw new UserError({
        en: `Unknown command “${request.command}”.\n\n${USAGE}`,
        fr: `Commande inconnue « ${request.command} ».\n\n${USAGE}`,
      });
  }
}

/** The resolved filters as ids and dates, as the data records reference them. */
function filterIds(filters: RetreatFilters): Record<string, string> {
  return {
    ...(filters.company === undefined ? {} : { company: filters.company.id }),
    ...(filters.kind === undefined ? {} : { kind: filters.kind }),
    ...(filters.since === undefined ? {} : { since: filters.since }),
    ...(filters.until === undefined ? {} : { until: filters.until }),
  };
}

function print(result: CliAnswer, request: CliRequest): string {
  switch (request.format) {
    case 'json':
      return `${JSON.stringify(result.data(), null, 2)}\n`;
    case 'discord': {
      const pages = result.pages();
      return `${JSON.stringify(pages.length === 1 ? pages[0] : pages, null, 2)}\n`;
    }
    case 'csv':
      if (result.csv === undefined) throw formatUnavailable(request);
      return result.csv();
    case 'text':
      return `${result.pages().map(payloadToText).join('\n\n')}\n`;
  }
}

/** Runs one CLI call; returns the exit code (0 ok, 1 bad input or bad data). */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  // Until the arguments are read, an error speaks the language they ask for, if they do.
  let locale: Locale = argv.some((arg, index) => (arg === '--locale' && argv[index + 1] === 'fr') || arg === '--locale=fr') ? 'fr' : 'en';
  try {
    const request = parseCliArgs(argv);
    locale = request.locale;
    if (request.command === 'help' || request.command === '') {
      (request.command === 'help' ? io.stdout : io.stderr)(`${USAGE}\n`);
      return request.command === 'help' ? 0 : 1;
    }
    const config = parseConfig(io.env);
    const kb = await loadKnowledgeBase(config.dataDir);
    const fetch = collectOptionsFromConfig(config.feeds);
    if (request.command === 'feeds') return await runFeedsCommand(kb, request, io, fetch);
    if (request.command === 'digest') return await runDigestCommand(kb, request, io, fetch, config.digest.limits);
    if (request.command === 'leads') return await runLeadsCommand(kb, request, io, config.storeUrl);
    io.stdout(print(answer(kb, request), request));
    return 0;
  } catch (error) {
    if (isUserError(error)) io.stderr(`${error.userMessage[locale]}\n`);
    else if (isStartupProblem(error)) io.stderr(`${error.message}\n`);
    else throw error;
    return 1;
  }
}
