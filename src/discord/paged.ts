import type { ButtonInteraction, ChatInputCommandInteraction } from 'discord.js';
import { UserError } from '../errors.ts';
import type { Locale } from '../i18n/locale.ts';
import { withPager } from '../render/pager.ts';
import type { MessagePayload } from '../render/payload.ts';
import { encodeCustomId } from './custom-id.ts';
import { sendPayload, updateWithPayload } from './replies.ts';

/**
 * Paged answers. The custom id of each button carries the command, the page, the query state and, for an
 * ephemeral answer, its owner: "retreats:2:microsoft:-:2023:-:123456789012345678".
 */
export interface PageState {
  readonly command: string;
  /** The query, as ids and dates only, so the answer can be recomputed after a restart. */
  readonly query: readonly (string | undefined)[];
  /** Set for ephemeral answers: only this user may turn the pages. */
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

/**
 * Sends the first page. With the command's "private" option the answer is ephemeral and only the asker
 * may turn its pages.
 */
export async function replyWithPages(
  interaction: ChatInputCommandInteraction,
  pages: readonly MessagePayload[],
  answer: { command: string; query: readonly (string | undefined)[] },
  locale: Locale,
): Promise<void> {
  const ephemeral = interaction.options.getBoolean('private') ?? false;
  const state = { ...answer, owner: ephemeral ? interaction.user.id : undefined };
  await sendPayload(interaction, pageAt(pages, 0, state, locale), ephemeral);
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
    throw new UserError({
      en: 'Only the person who asked can turn these pages. Run the command yourself to browse the answer.',
      fr: 'Seule la personne qui a posé la question peut tourner ces pages. Lancez la commande vous-même pour parcourir la réponse.',
    });
  }
  await updateWithPayload(interaction, pageAt(pages, index, state, locale));
}
