import { MessageFlags, type ChatInputCommandInteraction, type RepliableInteraction } from 'discord.js';
import type { MessagePayload } from '../render/payload.ts';
import { NO_MENTIONS, sendPayload } from './replies.ts';

/** Sends every page: the first as the reply (or the deferred reply's edit), the rest as follow-ups. */
export async function sendPages(interaction: RepliableInteraction, pages: readonly MessagePayload[], ephemeral: boolean): Promise<void> {
  const [first, ...rest] = pages;
  if (first === undefined) return;
  await sendPayload(interaction, first, ephemeral);
  for (const page of rest) {
    await interaction.followUp({ ...(page.content === undefined ? {} : { content: page.content }), embeds: page.embeds, allowedMentions: NO_MENTIONS, ...(ephemeral ? { flags: MessageFlags.Ephemeral } : {}) });
  }
}

/** A short text answer, private to the user. */
export async function sendText(interaction: ChatInputCommandInteraction, content: string): Promise<void> {
  if (interaction.deferred || interaction.replied) await interaction.editReply({ content, allowedMentions: NO_MENTIONS });
  else await interaction.reply({ content, flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS });
}
