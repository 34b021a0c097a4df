import { describe, expect, it } from 'vitest';
import { answerAbout, answerBalance, answerCompany, answerDimension, answerRetreats, KINDS_RETREATS_FIRST } from '../../src/answers.ts';
import { runCli } from '../../src/cli/run.ts';
import { answerLeads } from '../../src/digest/views/leads-answer.ts';
import { describeRun, renderDigestStatus, renderFeedList } from '../../src/digest/views/admin.ts';
import { renderDigestOff, renderNothingToPreview, renderSetupDone } from '../../src/digest/views/replies.ts';
import { isUserError } from '../../src/errors.ts';
import type { KnowledgeBase } from '../../src/kb/types.ts';
import { markdownToPlain, payloadToText } from '../../src/render/text.ts';
import type { MessagePayload } from '../../src/render/payload.ts';
import { REAL_DATA_DIR, loadRealKb } from '../support/real-kb.ts';

/**
 * Words that only English writes. A French answer holding one shows untranslated text. Names are allowed:
 * publishers, titles of English articles, company names and the original words of quotes are removed first.
 */
const ENGLISH =
  /(?<![\p{L}\p{N}])(the|and|of|with|from|is|are|was|were|has|have|not|which|said|spokesman|spokesperson|government|department|secretary|unnamed|confidence|according|run|use|feeds?|setup|status)(?![\p{L}\p{N}])/iu;
/** Names the knowledge base's French texts rightly cite, and the CLI's own syntax. */
const NAMES_IN_TEXT = ['The Information', 'npm run cli'];

/** Text in a French answer that may rightly be English: names, English titles, quotes as published. */
function allowedEnglish(kb: KnowledgeBase): string[] {
  const names = new Set<string>(NAMES_IN_TEXT);
  for (const feed of kb.feeds) names.add(feed.label);
  for (const source of kb.sources.values()) {
    if (source.publisher !== undefined) names.add(source.publisher);
    if (source.via !== undefined) names.add(source.via);
    names.add(source.title);
  }
  for (const company of kb.companies.values()) for (const name of [company.name, ...company.aliases]) names.add(name);
  for (const event of kb.events) {
    for (const quote of event.quotes ?? []) {
      names.add(quote.text);
      names.add(quote.speaker);
    }
  }
  // Longest first, so a name is removed before a shorter name inside it.
  return [...names].filter((name) => name.length > 2).sort((a, b) => b.length - a.length);
}

/** The English words left in a French text once the allowed names are removed, with their context. */
function englishIn(text: string, allowed: readonly string[]): string[] {
  let rest = text.replace(/<https?:[^>]*>/g, ' ').replace(/https?:\/\/\S+/g, ' ');
  for (const name of allowed) rest = rest.split(name).join(' ');
  const found: string[] = [];
  for (const line of rest.split('\n')) {
    const match = ENGLISH.exec(line);
    if (match) found.push(`“${match[0]}” in: ${line.trim().slice(0, 160)}`);
  }
  return found;
}

function textOf(pages: readonly MessagePayload[]): string {
  return pages.map(payloadToText).join('\n');
}

/** Every answer a French user can get, as text: the commands with every option that changes words, errors, digest views, the CLI. */
async function everyFrenchAnswer(kb: KnowledgeBase): Promise<{ what: string; text: string }[]> {
  const answers: { what: string; text: string }[] = [];
  const add = (what: string, produce: () => string): void => {
    try {
      answers.push({ what, text: produce() });
    } catch (error) {
      if (!isUserError(error)) throw error;
      answers.push({ what: `${what} (error)`, text: markdownToPlain(error.userMessage.fr) });
    }
  };
  add('retreats', () => textOf(answerRetreats(kb, {}, 'fr')));
  for (const kind of KINDS_RETREATS_FIRST) add(`retreats kind ${kind}`, () => textOf(answerRetreats(kb, { kind }, 'fr')));
  add('retreats, nothing found', () => textOf(answerRetreats(kb, { company: 'ibm', kind: 'full-exit', since: '2030' }, 'fr')));
  for (const input of [{ since: 'hier' }, { since: '2025-02-30' }, { since: '2026', until: '2020' }, { kind: 'téléportation' }, { company: 'zzzz' }]) {
    add(`retreats ${JSON.stringify(input)}`, () => textOf(answerRetreats(kb, input, 'fr')));
  }
  for (const company of kb.companies.values()) {
    add(`company ${company.id}`, () => textOf(answerCompany(kb, company.name, 'fr', 'unavailable')));
    add(`retreats of ${company.id}`, () => textOf(answerRetreats(kb, { company: company.name }, 'fr')));
  }
  for (const dimension of kb.dimensions) add(`dimension ${dimension.id}`, () => textOf(answerDimension(kb, dimension.name.fr, 'fr')));
  add('dimension unknown', () => textOf(answerDimension(kb, 'zzzz', 'fr')));
  add('balance', () => textOf(answerBalance(kb, 'fr')));
  add('about', () => textOf(answerAbout(kb, 'fr')));
  add('leads, none', () => textOf(answerLeads(kb, { records: [], tracked: new Set(), now: new Date('2025-11-20T08:00:00Z'), days: 7 }, 'fr').pages.map((page) => page.payload)));
  add('leads, bad days', () => textOf(answerLeads(kb, { records: [], tracked: new Set(), now: new Date(), days: 0 }, 'fr').pages.map((page) => page.payload)));
  add('digest status, not set up', () => textOf(renderDigestStatus({ pendingMessages: 0, pendingItems: 0, feeds: [] }, 'fr')));
  add('feeds list', () => textOf(renderFeedList(kb.feeds.map((feed) => ({ ...feed, own: false })), 5, 'fr')));
  add('digest setup', () => markdownToPlain(renderSetupDone({ channelId: '1', cron: '30 8 * * *', timeZone: 'Europe/Paris', language: 'fr', nextRun: undefined }, 'fr')));
  add('digest off', () => [true, false].map((existed) => renderDigestOff(existed, 'fr')).join('\n'));
  add('digest preview, nothing', () => renderNothingToPreview('fr'));
  add('digest run, not configured', () => describeRun({ outcome: 'not-configured' } as Parameters<typeof describeRun>[0], undefined, 'fr'));
  for (const argv of [['retreats'], ['company', 'aws'], ['dimension', 'calcul'], ['balance'], ['about'], ['retreats', '--since', 'demain'], ['company']]) {
    let out = '';
    await runCli([...argv, '--locale', 'fr'], { stdout: (t) => (out += t), stderr: (t) => (out += t), env: { DATA_DIR: REAL_DATA_DIR } });
    answers.push({ what: `cli ${argv.join(' ')}`, text: out });
  }
  return answers;
}

describe('French answers', () => {
  it('hold no English word: every command, option, error, digest view and CLI output in French', async () => {
    const kb = await loadRealKb();
    const allowed = allowedEnglish(kb);
    const answers = await everyFrenchAnswer(kb);
    expect(answers.length).toBeGreaterThan(kb.companies.size * 2);
    const problems = answers.flatMap(({ what, text }) => englishIn(text, allowed).map((found) => `${what}: ${found}`));
    expect(problems).toEqual([]);
  });

  it('use French spacing: no plain space before : ; ? ! nor inside « »', async () => {
    const kb = await loadRealKb();
    const problems = (await everyFrenchAnswer(kb)).flatMap(({ what, text }) =>
      [...text.matchAll(/.{0,30}(?: [:;?!](?=\s|$)|« | »).{0,10}/gm)].map((match) => `${what}: ${match[0]}`),
    );
    expect(problems).toEqual([]);
  });

  it('the check finds an English word left in French text', async () => {
    const kb = await loadRealKb();
    expect(englishIn('Raison avancée (AWS spokesman) : une décision', allowedEnglish(kb))).toHaveLength(1);
    expect(englishIn('Source : _Unnamed publisher_', allowedEnglish(kb))).toHaveLength(1);
    expect(englishIn('Non configuré — utilisez /digest setup', allowedEnglish(kb))).toHaveLength(1);
    expect(englishIn('Selon Reuters et The Wall Street Journal, le laboratoire ferme.', allowedEnglish(kb))).toEqual([]);
  });
});
