import type { APIEmbed } from 'discord.js';
import { DISCORD_LIMITS as LIMITS, measureEmbed } from '../../render/limits.ts';
import { noMentions } from '../../render/payload.ts';
import type { DigestMessage } from '../types.ts';

/** One item laid out: its id and its unbreakable block of lines. */
export interface PackedItem {
  readonly id: string;
  readonly block: string;
}

/** A titled run of items (one dimension); its embeds after the first carry `continuedTitle`. */
export interface PackSection {
  readonly title: string;
  readonly continuedTitle: string;
  readonly color: number;
  readonly items: readonly PackedItem[];
}

const ITEM_SEPARATOR = '\n\n';

/** The last embed of a digest (what it does not show) and the ids it summarises. */
export interface PackTrailer {
  readonly embed: APIEmbed;
  readonly summarizedIds: readonly string[];
}

interface Draft {
  embeds: APIEmbed[];
  itemIds: string[];
  summarizedIds?: string[];
  size: number;
}

/**
 * Packs the header embeds, then every section's items, then the trailer if any, into messages of at most 10 embeds
 * and `budget` characters, recording which items each message carries (and, on the trailer's message, the ids it
 * summarises). Items are never cut: an item that does not fit in the current embed opens a new embed (titled
 * "… (cont.)"), then a new message. Each item must fit one embed with its section's title: the caller caps its parts.
 */
export function packDigest(header: readonly APIEmbed[], sections: readonly PackSection[], budget: number, trailer?: PackTrailer): DigestMessage[] {
  const drafts: Draft[] = [];
  let draft: Draft = { embeds: [], itemIds: [], size: 0 };
  const addEmbed = (embed: APIEmbed) => {
    const size = measureEmbed(embed);
    if (draft.embeds.length > 0 && (draft.embeds.length >= LIMITS.embedsPerMessage || draft.size + size > budget)) {
      drafts.push(draft);
      draft = { embeds: [], itemIds: [], size: 0 };
    }
    draft.embeds.push(embed);
    draft.size += size;
  };

  for (const embed of header) addEmbed(embed);
  for (const section of sections) {
    let open: { embed: APIEmbed; in: Draft } | undefined;
    for (const item of section.items) {
      const grow = ITEM_SEPARATOR.length + item.block.length;
      const description = open?.embed.description ?? '';
      if (open !== undefined && open.in === draft && description.length + grow <= LIMITS.embedDescription && draft.size + grow <= budget) {
        open.embed.description = `${description}${ITEM_SEPARATOR}${item.block}`;
        draft.size += grow;
      } else {
        const embed: APIEmbed = { title: open === undefined ? section.title : section.continuedTitle, description: item.block, color: section.color };
        addEmbed(embed);
        open = { embed, in: draft };
      }
      draft.itemIds.push(item.id);
    }
  }
  if (trailer !== undefined) {
    addEmbed({ ...trailer.embed });
    if (trailer.summarizedIds.length > 0) draft.summarizedIds = [...trailer.summarizedIds];
  }
  if (draft.embeds.length > 0) drafts.push(draft);
  return drafts.map(({ embeds, itemIds, summarizedIds }) => ({
    payload: { embeds, allowed_mentions: noMentions() },
    itemIds,
    ...(summarizedIds === undefined ? {} : { summarizedIds }),
  }));
}
