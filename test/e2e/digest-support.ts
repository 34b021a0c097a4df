import { ChannelType, type APIChatInputApplicationCommandGuildInteraction, type APIEmbed, type APIInteraction } from 'discord.js';
import { expect } from 'vitest';
import type { KnowledgeBase } from '../../src/kb/types.ts';
import type { InteractionHandle, StoredMessage } from '../double/index.ts';
import { startTestBot, type TestBot } from '../support/bot-harness.ts';
import { respond, startFeedServer, type FeedServer } from '../support/feed-server.ts';
import type { Scratch } from '../support/scratch.ts';
import { MINUTE } from '../support/time.ts';
import { rss20, type XmlItem } from '../support/feed-xml.ts';

/** Shared pieces of the digest end-to-end tests: feeds served live, answers as the user sees them, checks. */

/** Manage Server, as Discord computes it for an admin; none for a plain member. */
export const ADMIN = '32';
export const NOT_ADMIN = '0';
export const EPHEMERAL = 64;

/** The real knowledge base with its default feeds replaced by local ones: nothing touches the network. */
export function withLocalFeeds(kb: KnowledgeBase, feeds: readonly { readonly label: string; readonly url: string }[]): KnowledgeBase {
  return Object.freeze({
    ...kb,
    feeds: feeds.map((feed, index) => ({ id: `local-${index + 1}`, label: feed.label, url: feed.url, language: 'en' as const, verified: true })),
  });
}

/** A clock the tests move forward: feeds fetched less than 10 minutes ago are not fetched again. */
export function movableClock(): { now: () => Date; advance(ms: number): void } {
  let offset = 0;
  return { now: () => new Date(Date.now() + offset), advance: (ms) => void (offset += ms) };
}

/** An RSS feed served at `path` whose items a test changes between fetches. */
export interface LiveFeed {
  readonly url: string;
  readonly path: string;
  /** Puts items at the top of the feed. */
  add(...items: XmlItem[]): void;
  /** Requests the feed server received for it. */
  fetches(): number;
}

export function liveFeed(server: FeedServer, feedPath: string, items: readonly XmlItem[] = []): LiveFeed {
  const current = [...items];
  server.route(feedPath, (request, response, hit) => {
    respond({ body: rss20({ title: `Feed ${feedPath}`, items: current }), headers: { 'content-type': 'application/rss+xml; charset=utf-8' } })(request, response, hit);
  });
  return {
    url: server.url(feedPath),
    path: feedPath,
    // Newest first, as real feeds list them (a feed read up to its item cap keeps its newest items).
    add: (...added) => void current.unshift(...added),
    fetches: () => server.requestsTo(feedPath).length,
  };
}

let itemCounter = 0;
/** A news item with a unique link and guid, published now. */
export function newsItem(title: string, description = 'A short summary of the story.'): XmlItem {
  itemCounter += 1;
  const link = `https://news.example.com/${itemCounter}-${title.toLowerCase().replace(/[^a-z0-9]+/g, '-').slice(0, 40)}`;
  return { title, link, guid: link, description, date: new Date().toUTCString() };
}

const THINGS = ['research lab', 'sales office', 'data center', 'cloud region', 'support team', 'design studio'];
/**
 * `count` relevant items (a company of the knowledge base and a Chinese context), each carrying a unique lower-case
 * token `z<tag><n>q` to find it in the channel (`tag` distinct per batch), and a summary long enough that the digest spans several messages.
 */
export function relevantBatch(kb: KnowledgeBase, tag: string, count: number): { items: XmlItem[]; tokens: string[] } {
  const companies = [...kb.companies.values()].filter((company) => company.type === 'company').map((company) => company.name);
  const tokens: string[] = [];
  const items = Array.from({ length: count }, (_, n) => {
    const token = `z${tag}${n}q`;
    tokens.push(token);
    const name = companies[n % companies.length] ?? 'Microsoft';
    const thing = THINGS[Math.floor(n / companies.length) % THINGS.length] ?? 'office';
    const summary = `${name} said its ${thing} in Shanghai would scale back as export controls tighten; staff were told the change takes effect next quarter and that customers in China keep their contracts for now.`;
    // Three words of its own: headlines differing by a word or two could be taken for the same story (the longer the
    // company's name, the more the rest of the headline weighs).
    return newsItem(`${name} trims its Shanghai ${thing} amid chip export controls ${token} w${tag}${n}k v${tag}${n}x`, summary);
  });
  return { items, tokens };
}

/** What the user finally sees for an interaction: the reply, the deferred reply's edit, or the follow-up. */
export interface Answer {
  readonly handle: InteractionHandle;
  readonly callbackType: number;
  readonly message: StoredMessage;
  readonly ephemeral: boolean;
  readonly text: string;
  readonly embeds: APIEmbed[];
}

/** Dispatches the interaction and waits for its visible answer. */
export async function answer(t: TestBot, payload: APIInteraction, timeoutMs = 8000): Promise<Answer> {
  const handle = t.discord.dispatchInteraction(payload);
  const callback = await handle.waitForCallback({ timeoutMs });
  // A deferred reply is edited with the answer, or deleted and followed up when the answer is an error.
  const message = await t.discord.waitFor(() => {
    if (callback.type !== 5) return handle.original();
    return handle.record.edits.length > 0 ? handle.original() : handle.record.followUps[0];
  }, { timeoutMs, what: `the answer to interaction ${handle.id}` });
  return {
    handle,
    callbackType: callback.type,
    message,
    ephemeral: (message.flags & EPHEMERAL) !== 0,
    text: messageText(message),
    embeds: message.embeds,
  };
}

/** Every text a message shows: content, embed titles, descriptions, fields and footers. */
export function messageText(message: Pick<StoredMessage, 'content' | 'embeds'>): string {
  return [message.content, ...message.embeds.flatMap(embedTexts)].join('\n');
}

function embedTexts(embed: APIEmbed): string[] {
  return [embed.title ?? '', embed.description ?? '', ...(embed.fields ?? []).flatMap((field) => [field.name, field.value]), embed.footer?.text ?? ''];
}

/** A `/digest setup channel:` payload carries the channel in `data.resolved`, as Discord sends it. */
export function withResolvedChannel(payload: APIChatInputApplicationCommandGuildInteraction, t: TestBot): APIChatInputApplicationCommandGuildInteraction {
  const channel = { id: t.discord.channelId, name: t.discord.options.channelName, type: ChannelType.GuildText, permissions: t.discord.options.memberPermissions } as const;
  return { ...payload, data: { ...payload.data, resolved: { channels: { [t.discord.channelId]: channel } } } };
}

/** `/digest setup` in the double's channel. */
export function setupPayload(t: TestBot, options: Record<string, string>, input: { locale?: 'en-US' | 'fr'; permissions?: string } = {}) {
  return withResolvedChannel(
    t.discord.chatInput({ name: 'digest', subcommand: 'setup', options: { channel: t.discord.channelId, ...options }, locale: input.locale ?? 'en-US', permissions: input.permissions ?? ADMIN }),
    t,
  );
}

/** A slash command with a subcommand, by an admin unless told otherwise. */
export function slash(t: TestBot, name: string, subcommand: string, options: Record<string, string> = {}, input: { locale?: 'en-US' | 'fr'; permissions?: string } = {}) {
  return t.discord.chatInput({ name, subcommand, options, locale: input.locale ?? 'en-US', permissions: input.permissions ?? ADMIN });
}

const MARKER = /dw·[0-9a-z]+·(\d+)\/(\d+)$/;

/** The digest messages in the channel (their last footer ends with a delivery marker), oldest first. */
export function digestMessages(t: TestBot): StoredMessage[] {
  return t.discord.messagesIn().filter((message) => MARKER.test(message.embeds.at(-1)?.footer?.text ?? '')).reverse();
}

/** The delivery marker of a digest message. */
export function markerOf(message: StoredMessage): { text: string; index: number; total: number } {
  const text = message.embeds.at(-1)?.footer?.text ?? '';
  const match = MARKER.exec(text);
  if (match === null) throw new Error(`no delivery marker in “${text}”`);
  return { text: match[0], index: Number(match[1]), total: Number(match[2]) };
}

/** How many times `needle` occurs in the messages' text. */
export function occurrences(messages: readonly StoredMessage[], needle: string): number {
  return messages.reduce((sum, message) => sum + messageText(message).split(needle).length - 1, 0);
}

/** Every digest message: markers distinct and, per run, 1..n once each; nothing pings anyone. */
export function expectWellFormedDigests(messages: readonly StoredMessage[]): void {
  const markers = messages.map(markerOf);
  expect(new Set(markers.map((marker) => marker.text)).size).toBe(markers.length);
  const runs = new Map<string, number[]>();
  for (const marker of markers) {
    const run = marker.text.split('·')[1] ?? '';
    runs.set(run, [...(runs.get(run) ?? []), marker.index]);
    expect(marker.index).toBeLessThanOrEqual(marker.total);
  }
  for (const [run, indexes] of runs) {
    const total = markers.find((marker) => marker.text.includes(run))?.total ?? 0;
    expect(indexes.sort((a, b) => a - b), `run ${run}`).toEqual(Array.from({ length: total }, (_, i) => i + 1));
  }
  for (const message of messages) {
    expect(message.allowedMentions).toEqual({ parse: [] });
    expect(message.pings).toEqual({ users: [], roles: [], everyone: false });
  }
}

/** Polls `check` until it holds, for state outside the double (the feed server, the log). */
export async function until(check: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const giveUpAt = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > giveUpAt) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Log entries, parsed. */
export function logEntries(t: TestBot): Record<string, unknown>[] {
  return t.logs.map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** The token is in no log line and in no body the double received (messages, replies, edits, any request). */
export function expectTokenNeverLeaked(t: TestBot): void {
  const token = t.discord.token;
  expect(t.logs.length).toBeGreaterThan(0);
  for (const line of t.logs) expect(line).not.toContain(token);
  expect(t.discord.state.requests.length).toBeGreaterThan(0);
  for (const request of t.discord.state.requests) expect(JSON.stringify(request.body) ?? '').not.toContain(token);
  for (const message of [...t.discord.state.messages.values(), ...t.discord.state.deletedMessages]) {
    expect(JSON.stringify(message.bodies)).not.toContain(token);
    expect(messageText(message)).not.toContain(token);
  }
  for (const record of t.discord.state.interactions.values()) {
    expect(JSON.stringify(record.callback?.data ?? null)).not.toContain(token);
    expect(JSON.stringify(record.edits)).not.toContain(token);
  }
}

let userCounter = 0;
/** The same interaction sent by another member (a distinct user id), as several admins would send it. */
export function asAnotherUser<T extends { member: { user: { id: string } } }>(payload: T): T {
  userCounter += 1;
  const id = `8${String(userCounter).padStart(17, '0')}`;
  return { ...payload, member: { ...payload.member, user: { ...payload.member.user, id } } };
}

/** What a digest case runs against: the bot, its one local default feed, the knowledge base it sees, its clock. */
export interface DigestWorld {
  readonly t: TestBot;
  readonly wire: LiveFeed;
  readonly kb: KnowledgeBase;
  readonly clock: ReturnType<typeof movableClock>;
}

/**
 * A fresh world for one case (stopped after it): a feed server with one default feed holding `items`, the bot on a
 * new SQLite store in `scratch` with its clock under the test's control, and the digest set up in English.
 */
export async function startDigestWorld(realKb: KnowledgeBase, scratch: Scratch, name: string, items: readonly XmlItem[]): Promise<DigestWorld> {
  const server = await startFeedServer();
  scratch.defer(() => server.close());
  const wire = liveFeed(server, '/wire.xml', items);
  const kb = withLocalFeeds(realKb, [{ label: 'Local wire', url: wire.url }]);
  const clock = movableClock();
  const t = await startTestBot({ kb, digest: { storePath: scratch.file(`${name}.sqlite`), now: clock.now } });
  scratch.defer(() => t.close());
  expect((await answer(t, setupPayload(t, { language: 'en' }))).text).toContain('✅ The digest will be posted');
  return { t, wire, kb, clock };
}

/** `/digest now` by an admin once the feeds may be fetched again (they are not fetched twice within 10 minutes). */
export async function digestNowIn({ t, clock }: Pick<DigestWorld, 't' | 'clock'>, locale: 'en-US' | 'fr' = 'en-US'): Promise<Answer> {
  clock.advance(11 * MINUTE);
  return answer(t, slash(t, 'digest', 'now', {}, { locale }), 15_000);
}
