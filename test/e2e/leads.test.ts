import type { APIActionRowComponent, APIButtonComponent } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readLeads } from '../../src/digest/deliver/leads.ts';
import { closeParsePool } from '../../src/feeds/parse/parse.ts';
import type { KnowledgeBase } from '../../src/kb/types.ts';
import type { StoredMessage } from '../double/index.ts';
import { startTestBot, type TestBot } from '../support/bot-harness.ts';
import { startFeedServer } from '../support/feed-server.ts';
import { loadRealKb } from '../support/real-kb.ts';
import {
  ADMIN, answer, digestMessages, EPHEMERAL, liveFeed, messageText, movableClock, newsItem, NOT_ADMIN, occurrences, setupPayload,
  slash, withLocalFeeds,
} from './digest-support.ts';
import { useScratch } from '../support/scratch.ts';
import { MINUTE } from '../support/time.ts';

/**
 * /leads end to end: the real bot and digest, three local feeds, a SQLite store and the Discord double. The digest
 * delivers possible retreats (one story carried by two outlets), /leads lists them grouped, and admins dismiss one.
 */

const HUAWEI_A = 'Huawei closes its Shanghai research lab and lays off staff';
const HUAWEI_B = 'Huawei closes Shanghai research lab, lays off staff';
const INTEL = 'Intel halts its Chengdu test plant and cuts jobs';
const ACME = 'Acme Robotics shuts its Shenzhen plant';
const PLAIN = 'Nvidia export controls tighten on H100 sales to China';

const scratch = useScratch('dw-e2e-leads-');
let realKb: KnowledgeBase;
let worlds = 0;

beforeAll(async () => {
  realKb = await loadRealKb();
});

afterAll(async () => {
  await closeParsePool();
});

/**
 * A fresh world for one case (stopped after it): three local feeds, the bot on a new store, the digest set up, a
 * first run that seeded the feeds, then a digest that delivered four items: the Huawei story from Wire A and
 * Wire B, Intel, Acme Robotics (not in the knowledge base) and a plain export-controls story (no retreat).
 */
async function arrangeDeliveredLeads(): Promise<TestBot> {
  const server = await startFeedServer();
  scratch.defer(() => server.close());
  const wires = ['/wire-a.xml', '/wire-b.xml', '/wire-c.xml'].map((path) => liveFeed(server, path, [newsItem('An old story about export controls and China')]));
  const kb = withLocalFeeds(realKb, wires.map((wire, index) => ({ label: `Wire ${'ABC'[index]}`, url: wire.url })));
  const clock = movableClock();
  worlds += 1;
  const t = await startTestBot({ kb, digest: { storePath: scratch.file(`store-${worlds}.sqlite`), now: clock.now } });
  scratch.defer(() => t.close());
  const digestNow = () => {
    clock.advance(11 * MINUTE);
    return answer(t, slash(t, 'digest', 'now'), 15_000);
  };
  expect((await answer(t, setupPayload(t, { language: 'en' }))).text).toContain('✅ The digest will be posted');
  // The first run seeds the feeds: nothing is posted.
  expect((await digestNow()).text).toBe('Nothing new to post: every relevant item was already delivered.');
  const [a, b, c] = wires;
  a!.add(newsItem(HUAWEI_A), newsItem(INTEL), newsItem(PLAIN));
  b!.add(newsItem(HUAWEI_B));
  c!.add(newsItem(ACME));
  expect((await digestNow()).text).toMatch(/^Digest posted in <#\d+>: 4 item\(s\)/);
  return t;
}

function leads(t: TestBot, options: Record<string, string | number | boolean> = {}, input: { locale?: 'en-US' | 'fr'; permissions?: string } = {}) {
  return answer(t, t.discord.chatInput({ name: 'leads', options, locale: input.locale ?? 'en-US', permissions: input.permissions ?? NOT_ADMIN }));
}

function buttonsOf(message: StoredMessage): APIButtonComponent[] {
  return (message.components as APIActionRowComponent<APIButtonComponent>[]).flatMap((row) => row.components);
}

/** The dismiss button of the lead whose line holds `needle`. */
function dismissButton(message: StoredMessage, needle: string): APIButtonComponent & { custom_id: string } {
  const line = messageText(message).split('\n').find((text) => text.includes(needle)) ?? '';
  const number = /^\*\*(\d+)\.\*\*/.exec(line)?.[1];
  const button = buttonsOf(message).find((candidate) => 'label' in candidate && candidate.label === `Dismiss ${number}`);
  if (button === undefined || !('custom_id' in button)) throw new Error(`no dismiss button for “${needle}”`);
  return button;
}

function click(t: TestBot, message: StoredMessage, customId: string, permissions: string) {
  return t.discord.dispatchInteraction(t.discord.button({ customId, permissions, message: { ...message, channel_id: message.channelId } as never }));
}

describe('/leads', () => {
  it('lists the possible retreats the digest delivered, by company, the story two outlets carried once with “2 outlets”, each linked', async () => {
    const t = await arrangeDeliveredLeads();
    expect(occurrences(digestMessages(t), 'Huawei closes')).toBe(1);
    const reply = await leads(t);
    expect(reply.ephemeral).toBe(false);
    expect(reply.message.allowedMentions).toEqual({ parse: [] });
    const { text } = reply;
    expect(text).toContain('🔎 Possible new retreats · last 30 days');
    expect(text).toContain('3 leads from this server’s digests');
    expect(text).toContain('🏢 Huawei');
    expect(text).toContain('🏢 Intel');
    expect(text).toMatch(/\[Huawei closes (its )?Shanghai research lab,? (and )?lays off staff\]\(https:\/\/news\.example\.com\/\d+-huawei/);
    expect(text).toMatch(/📰 Wire [AB], Wire [AB] · \*\*2 outlets\*\*/);
    expect(text).toContain(`[${INTEL}](https://news.example.com/`);
    expect(text).not.toContain('Nvidia export controls');
    expect(occurrences([reply.message], 'Huawei closes')).toBe(1);
    expect(buttonsOf(reply.message).map((button) => ('label' in button ? button.label : ''))).toEqual(['Dismiss 1', 'Dismiss 2', 'Dismiss 3']);
  });

  it('says when a lead’s company is not in the knowledge base yet, in English and in French', async () => {
    const t = await arrangeDeliveredLeads();
    const en = await leads(t);
    expect(en.text).toContain('❔ Acme Robotics — not in the knowledge base yet');
    expect(en.text).toContain(`[${ACME}](https://news.example.com/`);
    const fr = await leads(t, {}, { locale: 'fr' });
    expect(fr.text).toContain('🔎 Retraits possibles · 30 derniers jours');
    expect(fr.text).toContain('❔ Acme Robotics — pas encore dans la base');
    expect(fr.text).toContain('**2 médias**');
    expect(buttonsOf(fr.message).map((button) => ('label' in button ? button.label : ''))).toEqual(['Écarter 1', 'Écarter 2', 'Écarter 3']);
  });

  it('filters by company (autocompleted over the knowledge base) or by a name it does not know, and answers privately when asked', async () => {
    const t = await arrangeDeliveredLeads();
    const intel = await leads(t, { company: 'intel', private: true });
    expect(intel.ephemeral).toBe(true);
    expect(intel.text).toContain('Possible new retreats · last 30 days · Intel');
    expect(intel.text).toContain(INTEL);
    expect(intel.text).not.toContain('Huawei');
    const acme = await leads(t, { company: 'Acme Robotics', days: 7 });
    expect(acme.text).toContain('last 7 days · Acme Robotics');
    expect(acme.text).toContain(ACME);
    expect(acme.text).not.toContain('Intel');

    const handle = t.discord.dispatchInteraction(t.discord.autocomplete({ name: 'leads', focused: 'company', value: 'hua' }));
    const callback = await handle.waitForCallback();
    expect((callback.data as { choices: { name: string; value: string }[] }).choices[0]).toMatchObject({ value: 'huawei' });

    const unknown = await leads(t, { company: 'Zorglub Dynamics' }, { locale: 'fr' });
    expect(unknown.ephemeral).toBe(true);
    expect(unknown.text).toContain('Zorglub Dynamics');
  });

  it('refuses a non-admin’s dismissal politely; an admin’s dismisses the lead for good, even after a restart', async () => {
    const t = await arrangeDeliveredLeads();
    const listed = await leads(t);
    const target = dismissButton(listed.message, 'Huawei closes');
    const before = listed.message.bodies.length;

    const refused = click(t, listed.message, target.custom_id, NOT_ADMIN);
    const refusal = await refused.waitForCallback();
    expect(refusal.type).toBe(4);
    expect((refusal.data as { flags: number }).flags).toBe(EPHEMERAL);
    expect((refusal.data as { content: string }).content).toBe('Sorry, only members with the Manage Server permission can dismiss a lead. You can still read them all.');
    expect(t.discord.state.messages.get(listed.message.id)?.bodies).toHaveLength(before);
    expect((await readLeads(t.store!, t.discord.guildId)).every((lead) => lead.dismissed === undefined)).toBe(true);

    const frRefusal = await t.discord.dispatchInteraction({ ...t.discord.button({ customId: target.custom_id, permissions: NOT_ADMIN, locale: 'fr', message: { ...listed.message, channel_id: listed.message.channelId } as never }) }).waitForCallback();
    expect((frRefusal.data as { content: string }).content).toMatch(/^Désolé, seuls les membres qui ont la permission «\u00a0Gérer le serveur\u00a0» peuvent écarter une piste/);

    const accepted = click(t, listed.message, target.custom_id, ADMIN);
    expect((await accepted.waitForCallback()).type).toBe(7);
    const updated = t.discord.state.messages.get(listed.message.id)!;
    expect(messageText(updated)).not.toContain('Huawei closes');
    expect(messageText(updated)).toContain(INTEL);
    expect(messageText(updated)).toContain('1 dismissed lead not shown.');
    expect(buttonsOf(updated)).toHaveLength(2);
    const followUp = await accepted.waitForFollowUp();
    expect(followUp.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(followUp.content).toBe('✅ Lead dismissed: it will not be listed again.');

    // Every record of the story is dismissed, by that admin.
    const stored = await readLeads(t.store!, t.discord.guildId);
    expect(stored.filter((lead) => lead.title.startsWith('Huawei')).map((lead) => lead.dismissed?.by)).toEqual([t.discord.userId]);

    await t.restart();
    const after = await leads(t, {}, { locale: 'fr' });
    expect(after.text).not.toContain('Huawei');
    expect(after.text).toContain('2 pistes tirées des résumés de ce serveur');
    expect(after.text).toContain('1 piste écartée non affichée.');
    expect(await leads(t, { company: 'huawei' }).then((reply) => reply.text)).toContain('No possible new retreat in this server’s digests for this period.');

    const again = click(t, listed.message, target.custom_id, ADMIN);
    await again.waitForCallback();
    expect((await again.waitForFollowUp()).content).toBe('This lead was already dismissed.');
  });
});
