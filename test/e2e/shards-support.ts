import { ChannelType } from 'discord.js';
import type { DiscordDouble, StoredMessage } from '../double/index.ts';

/** Start-up through tsx takes seconds, far more on a loaded machine. */
export const SLOW = 90_000;

/** A server id on `shard` of `count` (the shard is read from bit 22 up). */
export const guildOn = (shard: number, n: number, count: number): string => String((BigInt(count) * (100_000_000_000n + BigInt(n)) + BigInt(shard)) << 22n);
/** A text channel of its own for server number `n`. */
export const channelOf = (n: number): string => String(400_000_000_000_000_000n + BigInt(n));

/** The double's `extraChannels` for these channel ids. */
export const textChannels = (channelIds: readonly string[]) =>
  channelIds.map((id, n) => ({ id, type: ChannelType.GuildText, name: `veille-${n}`, position: n + 1, permission_overwrites: [], nsfw: false, parent_id: null })) as never;

const MARKER = /dw·(\w+)·(\d+)\/(\d+)$/;
/** A digest message's delivery marker: [, runId, index (1-based), total]. */
export const markerOf = (message: StoredMessage) => MARKER.exec(message.embeds.at(-1)?.footer?.text ?? '');
/** The digest messages of a channel, newest first. */
export const digestIn = (double: DiscordDouble, channelId: string) => double.messagesIn(channelId).filter((message) => markerOf(message) !== null);

/** `count` relevant headlines, each with a token of its own (`prefix` + number). */
export function manyItems(count: number, prefix = 'Kq') {
  const companies = ['Microsoft', 'IBM', 'Nvidia', 'Oracle', 'Micron', 'Google', 'Amazon Web Services', 'Tencent', 'Alibaba', 'Baidu'];
  const actions = ['closes its research lab in Shanghai', 'moves AI researchers out of Beijing', 'halts chip sales to China over export controls', 'winds down cloud deployment in Shenzhen'];
  return Array.from({ length: count }, (_, index) => {
    const token = `${prefix}${String(index).padStart(4, '0')}k`;
    const company = companies[index % companies.length] ?? 'Microsoft';
    const link = `https://news.example.com/${prefix}/${token}`;
    return {
      token,
      title: `${token} ${company} ${actions[Math.floor(index / companies.length) % actions.length] ?? ''}`,
      link,
      guid: link,
      description: `Reported ${token}: what the move means for ${company}, its staff and its customers, and how it fits the wider pattern of American technology groups reducing their exposure in the country, as analysts expect more to follow.`,
      date: new Date(Date.now() - index * 60_000).toUTCString(),
    };
  });
}
