import type { APIEmbed } from 'discord.js';

/** Discord's message and embed limits, in characters unless named otherwise. */
export const DISCORD_LIMITS = {
  content: 2000,
  embedTitle: 256,
  embedDescription: 4096,
  fieldName: 256,
  fieldValue: 1024,
  fieldsPerEmbed: 25,
  footerText: 2048,
  authorName: 256,
  embedsPerMessage: 10,
  /** Title, description, field names and values, footer and author of every embed of one message, together. */
  embedCharactersPerMessage: 6000,
  customId: 100,
  buttonLabel: 80,
  buttonsPerRow: 5,
  actionRowsPerMessage: 5,
} as const;

/** Discord's count for the 6,000-character limit: title, description, field names and values, footer, author. */
export function measureEmbed(embed: APIEmbed): number {
  let size = (embed.title?.length ?? 0) + (embed.description?.length ?? 0);
  size += (embed.footer?.text.length ?? 0) + (embed.author?.name.length ?? 0);
  for (const field of embed.fields ?? []) size += field.name.length + field.value.length;
  return size;
}
