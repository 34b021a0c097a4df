import { MessageFlags, type ButtonInteraction, type ChatInputCommandInteraction, type MessageComponentInteraction } from 'discord.js';
import { UserError } from '../errors.ts';
import type { Locale } from '../i18n/locale.ts';
import { withPager } from '../render/pager.ts';
import type { MessagePayload } from '../render/payload.ts';
import { encodeCustomId } from './custom-id.ts';
import { sendPayload, toReplyOptions, updateWithPayload } from './replies.ts';

/**
 * Paged answers. The custom id of each button carries the command, the page, the query state and the asker:
 * "retreats:2:microsoft:-:2023:-:123456789012345678". Only the asker turns the message; on a public answer,
 * anyone else who clicks gets their own private copy of the page they asked for.
 */
export interface PageState {
  readonly command: string;
  /** The query, as ids and dates only, so the answer can be recomputed after a restart. */
  readonly query: readonly (string | undefined)[];
  /** Who asked: only this user may turn the pages (unset on buttons made before answers carried their asker). */
  readonly owner?: string | undefined;
}

function pageAt(pages: readonly MessagePayload[], index: number, state: PageState, locale: Locale): MessagePayload {
  const total = pages.length;
  const clamped = Math.min(Math.max(index, 0), total - 1);
  const page = pages[clamped];
  if (page === undefined) throw new Error('an answer has at least one page');
  if (total === 1) return page;
  return withPager(page, {
    index: clamped,
    total,
    locale,
    customIdFor: (target) => encodeCustomId(state.command, [target, ...state.query, state.owner]),
  });
}

/** Whether the command's "private" option asks for an ephemeral answer. */
export function isPrivate(interaction: ChatInputCommandInteraction): boolean {
  return interaction.options.getBoolean('private') ?? false;
}

/** Sends the first page, ephemeral with the command's "private" option; only the asker may turn its pages. */
export async function replyWithPages(
  interaction: ChatInputCommandInteraction,
  pages: readonly MessagePayload[],
  answer: { command: string; query: readonly (string | undefined)[] },
  locale: Locale,
): Promise<void> {
  await sendPayload(interaction, pageAt(pages, 0, { ...answer, owner: interaction.user.id }, locale), isPrivate(interaction));
}

/**
 * Replies to a click or a pick with page `index` of an answer, ephemeral and owned by the user who clicked:
 * their own copy, which they alone turn.
 */
export async function replyPrivatelyWithPages(
  interaction: MessageComponentInteraction,
  pages: readonly MessagePayload[],
  index: number,
  answer: { command: string; query: readonly (string | undefined)[] },
  locale: Locale,
): Promise<void> {
  const page = pageAt(pages, index, { ...answer, owner: interaction.user.id }, locale);
  if (interaction.deferred || interaction.replied) await interaction.followUp(toReplyOptions(page, true));
  else await interaction.reply(toReplyOptions(page, true));
}

/** Splits a button's custom id parts into the page index, the query and the owner. */
export function readPageArgs(args: readonly (string | undefined)[], queryLength: number) {
  const [page, ...rest] = args;
  return { page: Number(page ?? 0) || 0, query: rest.slice(0, queryLength), owner: rest[queryLength] };
}

export async function turnPage(
  interaction: ButtonInteraction,
  pages: readonly MessagePayload[],
  index: number,
  state: PageState,
  locale: Locale,
): Promise<void> {
  if (state.owner !== undefined && state.owner !== interaction.user.id) {
    if (!interaction.message.flags.has(MessageFlags.Ephemeral)) {
      await replyPrivatelyWithPages(interaction, pages, index, state, locale);
      return;
    }
    throw new UserError({
      en: 'Only the person who asked can turn these pages. Run the command yourself to browse the answer.',
      fr: 'Seule la personne qui a posé la question peut tourner ces pages. Lancez la commande vous-même pour parcourir la réponse.',
    });
  }
  await updateWithPayload(interaction, pageAt(pages, index, state, locale));
}
