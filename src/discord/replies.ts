import {
  MessageFlags,
  type InteractionReplyOptions,
  type InteractionUpdateOptions,
  type MessageComponentInteraction,
  type RepliableInteraction,
} from 'discord.js';
import type { Locale, LocalizedText } from '../i18n/locale.ts';
import type { MessagePayload } from '../render/payload.ts';

/** Nothing the bot sends may ping anyone, whatever the payload says. */
export const NO_MENTIONS = { parse: [] as [] };

function toOptions(payload: MessagePayload) {
  return {
    ...(payload.content === undefined ? {} : { content: payload.content }),
    embeds: payload.embeds,
    components: payload.components ?? [],
    // An update without `files` keeps the message's attachments; with them, it replaces them.
    ...(payload.files === undefined ? {} : { files: payload.files.map(({ name, data, description }) => ({ name, attachment: data, ...(description === undefined ? {} : { description }) })) }),
    allowedMentions: NO_MENTIONS,
  };
}

export function toReplyOptions(payload: MessagePayload, ephemeral: boolean): InteractionReplyOptions {
  return { ...toOptions(payload), ...(ephemeral ? { flags: MessageFlags.Ephemeral } : {}) };
}

export function toUpdateOptions(payload: MessagePayload): InteractionUpdateOptions {
  return toOptions(payload);
}

/** Replies, or edits the deferred reply, with a payload. */
export async function sendPayload(interaction: RepliableInteraction, payload: MessagePayload, ephemeral: boolean): Promise<void> {
  if (interaction.deferred || interaction.replied) await interaction.editReply(toOptions(payload));
  else await interaction.reply(toReplyOptions(payload, ephemeral));
}

export async function updateWithPayload(interaction: MessageComponentInteraction, payload: MessagePayload): Promise<void> {
  await interaction.update(toUpdateOptions(payload));
}

/** An ephemeral text reply in the user's language, whatever state the interaction is in. */
export async function replyEphemeralText(interaction: RepliableInteraction, text: LocalizedText, locale: Locale): Promise<void> {
  const options = { content: text[locale], flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS } as const;
  if (interaction.deferred && !interaction.replied) {
    // A deferred public "thinking…" would stay forever: remove it so the answer is private.
    await interaction.deleteReply().catch(() => undefined);
    await interaction.followUp(options);
  } else if (interaction.replied) {
    await interaction.followUp(options);
  } else {
    await interaction.reply(options);
  }
}
