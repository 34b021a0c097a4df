import type { APIEmbed } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.ts';
import type { StoredMessage } from '../double/messages.ts';
import { PNG_SIGNATURE, pngSize } from '../render/chart/png.ts';
import { startTestBot, type TestBot } from '../support/bot-harness.ts';

/** /balance and /dimension through the real discord.js client: the chart goes up as a file the embed shows. */

let t: TestBot;

beforeAll(async () => {
  t = await startTestBot({ commands, warmCharts: true });
});

afterAll(async () => {
  await t?.close();
});

/** Runs a command and returns the public message it answered with, as the double stored it. */
async function answer(name: string, options: Record<string, string>, locale: 'en-US' | 'fr'): Promise<StoredMessage> {
  const handle = t.discord.dispatchInteraction(t.discord.chatInput({ name, options, locale }));
  await handle.waitForCallback({ timeoutMs: 60_000 });
  return t.discord.waitFor(() => t.discord.messagesIn().find((message) => message.id === handle.record.originalMessageId));
}

function expectChart(message: StoredMessage, name: string): void {
  expect(message.attachments.map((a) => a.filename)).toEqual([name]);
  const png = message.files[0]!.data;
  expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
  expect(pngSize(png).width).toBeGreaterThanOrEqual(620);
  expect((message.embeds[0] as APIEmbed).image?.url).toBe(`attachment://${name}`);
}

describe('charts attached to the answers', () => {
  for (const [discordLocale, locale] of [['en-US', 'en'], ['fr', 'fr']] as const) {
    it(`/balance carries the scorecard PNG, shown in its first embed (${locale})`, async () => {
      expectChart(await answer('balance', {}, discordLocale), `balance-${locale}.png`);
    }, 90_000);

    it(`/dimension carries the indicators' figures where they have numbers (${locale})`, async () => {
      expectChart(await answer('dimension', { name: 'frontier' }, discordLocale), `dimension-frontier-${locale}.png`);
    }, 90_000);
  }

  it('/dimension without numbers to compare answers without a chart', async () => {
    const message = await answer('dimension', { name: 'governance' }, 'en-US');
    expect(message.attachments).toEqual([]);
    expect(message.embeds.some((embed) => embed.image)).toBe(false);
  }, 90_000);

  it('turning to page 2 takes the chart off the message, turning back puts it on again', async () => {
    // /balance fits one page; /dimension compute, with its chart, takes several.
    const first = await answer('dimension', { name: 'compute' }, 'en-US');
    const pager = first.components.at(-1) as { components: { custom_id: string }[] };
    const click = async (customId: string) => {
      const handle = t.discord.dispatchInteraction(t.discord.button({ customId }));
      const callback = await handle.waitForCallback({ timeoutMs: 60_000 });
      const request = t.discord.requestsTo('POST /interactions/:interactionId/:token/callback').find((r) => r.path.includes(handle.id))!;
      return { data: callback.data as { attachments?: unknown[]; embeds: APIEmbed[]; components: typeof first.components }, files: request.files };
    };
    const second = await click(pager.components[2]!.custom_id);
    expect(second.data.attachments).toEqual([]);
    expect(second.files).toEqual([]);
    expect(second.data.embeds.some((embed) => embed.image)).toBe(false);
    const back = await click((second.data.components.at(-1) as unknown as typeof pager).components[0]!.custom_id);
    expect(back.files.map((f) => f.name)).toEqual(['dimension-compute-en.png']);
    expect(back.files[0]!.data.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    expect(back.data.embeds[0]!.image?.url).toBe('attachment://dimension-compute-en.png');
  }, 90_000);

  it('the French and English charts differ (their words are drawn)', async () => {
    const en = await answer('balance', {}, 'en-US');
    const fr = await answer('balance', {}, 'fr');
    expect(en.files[0]!.data.equals(fr.files[0]!.data)).toBe(false);
  }, 90_000);
});
