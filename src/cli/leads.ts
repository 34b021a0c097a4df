import { access } from 'node:fs/promises';
import { listGuildSettings } from '../digest/guilds.ts';
import { answerLeads, type LeadsAnswer } from '../digest/views/leads-answer.ts';
import { readServerLeads } from '../digest/leads-read.ts';
import { checkLeadDays } from '../digest/views/leads-group.ts';
import { UserError } from '../errors.ts';
import type { KnowledgeBase } from '../kb/types.ts';
import { payloadToText } from '../render/text.ts';
import { openStore, parseStoreUrl, redactUrl, type Store } from '../store/index.ts';
import { formatUnavailable, type CliRequest } from './args.ts';
import { terminalText, type CliIo } from './io.ts';

function option(request: CliRequest, name: string): string | undefined {
  const value = request.options[name];
  return typeof value === 'string' ? value : undefined;
}

/** `--days N`: a whole number, checked like /leads' option. */
function parseDays(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  return checkLeadDays(/^\s*\d+\s*$/.test(text) ? Number(text) : Number.NaN, text);
}

/** Opens the bot's store, refusing to create a SQLite file that is not there: the CLI only reads. */
async function openExistingStore(url: string): Promise<Store> {
  const target = parseStoreUrl(url);
  if (target.kind === 'sqlite') {
    await access(target.path).catch(() => {
      throw new UserError({
        en: `No store at ${target.path} (STORE_URL): the bot has not run with it yet, so there are no leads.`,
        fr: `Aucun stockage à ${target.path} (STORE_URL) : le bot ne l’a pas encore utilisé, il n’y a donc aucune piste.`,
      });
    });
  }
  return openStore(url);
}

/** The server asked for, or the only server with digest settings. */
async function whichGuild(store: Store, asked: string | undefined): Promise<string> {
  if (asked !== undefined) return asked.trim();
  const ids = (await listGuildSettings(store)).map((settings) => settings.guildId);
  const [only] = ids;
  if (ids.length === 1 && only !== undefined) return only;
  if (ids.length === 0) {
    throw new UserError({
      en: `No server has set up a digest in ${redactUrl(store.location)}: there are no leads.`,
      fr: `Aucun serveur n’a configuré de résumé dans ${redactUrl(store.location)} : il n’y a aucune piste.`,
    });
  }
  throw new UserError({
    en: `Several servers have a digest; choose one with --guild ID: ${ids.join(', ')}`,
    fr: `Plusieurs serveurs ont un résumé ; choisissez-en un avec --guild ID : ${ids.join(', ')}`,
  });
}

/** The leads as data: what scripts read from `leads --json` (feed text as the feeds wrote it). */
function leadsJson(kb: KnowledgeBase, guildId: string, answer: LeadsAnswer) {
  return {
    guildId,
    days: answer.days,
    filter: answer.filter ?? null,
    dismissed: answer.view.dismissed,
    companies: answer.view.companies.map((entry) => ({
      company: entry.company === undefined ? null : { id: entry.company.id, name: entry.company.name },
      subject: entry.subject ?? null,
      inKnowledgeBase: entry.company !== undefined,
      leads: entry.stories.map((story) => ({
        id: story.id,
        title: story.title,
        link: story.link ?? null,
        publishedAt: story.publishedAt ?? null,
        deliveredAt: story.deliveredAt,
        outletCount: story.outlets.length,
        outlets: story.outlets.map((outlet) => ({ label: outlet.feedLabel, feed: outlet.feedUrl, link: outlet.link ?? null })),
        companies: story.companyIds.map((id) => ({ id, name: kb.companies.get(id)?.name ?? id })),
        words: story.words,
      })),
    })),
  };
}

/**
 * `leads [--days N] [--company X] [--guild ID] [--json]`: the possible new retreats the server's digests delivered,
 * read from the bot's store (STORE_URL), as /leads lists them; `--json` prints them as data.
 */
export async function runLeadsCommand(kb: KnowledgeBase, request: CliRequest, io: CliIo, storeUrl: string): Promise<number> {
  if (request.positionals.length > 0) {
    throw new UserError({
      en: 'Usage: npm run cli -- leads [--days N] [--company X] [--guild ID] [--json]',
      fr: 'Usage : npm run cli -- leads [--days N] [--company X] [--guild ID] [--json]',
    });
  }
  if (request.format !== 'text' && request.format !== 'json') throw formatUnavailable(request);
  const days = parseDays(option(request, 'days'));
  const store = await openExistingStore(storeUrl);
  try {
    const guildId = await whichGuild(store, option(request, 'guild'));
    const server = await readServerLeads(store, kb, guildId);
    const answer = answerLeads(kb, { ...server, now: new Date(), days, company: option(request, 'company') }, request.locale);
    io.stdout(
      request.json
        ? `${JSON.stringify(leadsJson(kb, guildId, answer), null, 2)}\n`
        : `${terminalText(answer.pages.map((page) => payloadToText(page.payload)).join('\n\n'))}\n`,
    );
    return 0;
  } finally {
    await store.close();
  }
}
