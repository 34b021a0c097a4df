import { answerAbout, answerBalance, answerCompany, answerDimension, answerRetreats, exportRetreatsCsv, type RetreatsInput } from '../answers.ts';
import { isUserError, UserError } from '../errors.ts';
import type { Locale, LocalizedText } from '../i18n/locale.ts';
import { parseConfig } from '../config.ts';
import { fetchOptionsFromConfig } from '../digest/collect/read-feed.ts';
import { loadKnowledgeBase } from '../kb/load.ts';
import { isStartupProblem } from '../startup.ts';
import type { KnowledgeBase } from '../kb/types.ts';
import type { MessagePayload } from '../render/payload.ts';
import { payloadToText } from '../render/text.ts';
import { parseCliArgs, USAGE, type CliRequest } from './args.ts';
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

function retreatsInput(request: CliRequest): RetreatsInput {
  return { company: optionString(request, 'company'), kind: optionString(request, 'kind'), since: optionString(request, 'since'), until: optionString(request, 'until') };
}

function answer(kb: KnowledgeBase, request: CliRequest): MessagePayload[] {
  const { locale } = request;
  switch (request.command) {
    case 'company':
      return answerCompany(kb, requirePositional(request, { en: 'company name', fr: 'le nom de l’entreprise' }), locale);
    case 'retreats':
      return answerRetreats(kb, retreatsInput(request), locale);
    case 'dimension':
      return answerDimension(kb, requirePositional(request, { en: 'dimension name', fr: 'le nom de la dimension' }), locale);
    case 'balance':
      return answerBalance(kb, locale);
    case 'about':
      return answerAbout(kb, locale);
    default:
      throw new UserError({
        en: `Unknown command “${request.command}”.\n\n${USAGE}`,
        fr: `Commande inconnue « ${request.command} ».\n\n${USAGE}`,
      });
  }
}

/** `--json`: the payload the slash command sends, or the array of its pages. */
function format(pages: readonly MessagePayload[], json: boolean): string {
  if (json) return `${JSON.stringify(pages.length === 1 ? pages[0] : pages, null, 2)}\n`;
  return `${pages.map(payloadToText).join('\n\n')}\n`;
}

/** Runs one CLI call; returns the exit code (0 ok, 1 bad input or bad data). */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let locale: Locale = 'en';
  try {
    const request = parseCliArgs(argv);
    locale = request.locale;
    if (request.command === 'help' || request.command === '') {
      (request.command === 'help' ? io.stdout : io.stderr)(`${USAGE}\n`);
      return request.command === 'help' ? 0 : 1;
    }
    const config = parseConfig(io.env);
    const kb = await loadKnowledgeBase(config.dataDir);
    const fetch = fetchOptionsFromConfig(config.feeds);
    if (request.command === 'feeds') return await runFeedsCommand(kb, request, io, fetch);
    if (request.command === 'digest') return await runDigestCommand(kb, request, io, fetch, config.digest.limits);
    if (request.command === 'leads') return await runLeadsCommand(kb, request, io, config.storeUrl);
    if (request.command === 'retreats' && request.options['csv'] === true) {
      io.stdout(exportRetreatsCsv(kb, retreatsInput(request), locale).data.toString('utf8'));
      return 0;
    }
    io.stdout(format(answer(kb, request), request.json));
    return 0;
  } catch (error) {
    if (isUserError(error)) io.stderr(`${error.userMessage[locale]}\n`);
    else if (isStartupProblem(error)) io.stderr(`${error.message}\n`);
    else throw error;
    return 1;
  }
}
