import {
  ApplicationCommandOptionType,
  InteractionContextType,
  MessageFlags,
  PermissionFlagsBits,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import { requireDigest, requireGuild, requireManageGuild } from '../src/discord/admin.ts';
import { bestEffort } from '../src/discord/best-effort.ts';
import type { Command } from '../src/discord/command.ts';
import { runSubcommand, type SubcommandHandlers } from '../src/discord/subcommands.ts';
import { descriptions, names } from '../src/discord/localize.ts';
import { sendPages, sendText } from '../src/discord/send.ts';
import { renderFeedList, renderFeedTest } from '../src/digest/views/admin.ts';
import { matchOwnFeeds } from '../src/digest/collect/feed-input.ts';
import { renderFeedAdded, renderFeedRemoved } from '../src/digest/views/replies.ts';
import { renderMuted } from '../src/digest/views/settings.ts';

const urlOption = (required: boolean) => ({
  type: ApplicationCommandOptionType.String,
  ...names('url', 'url'),
  ...descriptions('The feed’s address (RSS or Atom), e.g. https://technode.com/feed', 'L’adresse du flux (RSS ou Atom), par ex. https://technode.com/feed'),
  required,
  max_length: 2048,
}) as const;

const data = {
  ...names('feeds', 'flux'),
  ...descriptions('The news feeds the digest of this server tracks', 'Les flux d’actualités que suit le résumé de ce serveur'),
  default_member_permissions: String(PermissionFlagsBits.ManageGuild),
  contexts: [InteractionContextType.Guild],
  options: [
    { type: ApplicationCommandOptionType.Subcommand, ...names('list', 'liste'), ...descriptions('Every tracked feed and its health, and the muted ones', 'Chaque flux suivi et sa santé, et ceux en sourdine') },
    {
      type: ApplicationCommandOptionType.Subcommand,
      ...names('add', 'ajouter'),
      ...descriptions('Track one more feed (checked first)', 'Suivre un flux de plus (vérifié d’abord)'),
      options: [
        urlOption(true),
        { type: ApplicationCommandOptionType.String, ...names('label', 'nom'), ...descriptions('Its name in digests (default: its site)', 'Son nom dans les résumés (par défaut : son site)'), max_length: 80 },
      ],
    },
    {
      type: ApplicationCommandOptionType.Subcommand,
      ...names('remove', 'retirer'),
      ...descriptions('Stop tracking one of this server’s feeds', 'Ne plus suivre un des flux de ce serveur'),
      options: [{ type: ApplicationCommandOptionType.String, ...names('feed', 'flux'), ...descriptions('Its name or address', 'Son nom ou son adresse'), required: true, autocomplete: true }],
    },
    {
      type: ApplicationCommandOptionType.Subcommand,
      ...names('mute', 'sourdine'),
      ...descriptions('Stop fetching one of the default feeds for this server', 'Ne plus lire un des flux par défaut pour ce serveur'),
      options: [{ type: ApplicationCommandOptionType.String, ...names('feed', 'flux'), ...descriptions('The default feed', 'Le flux par défaut'), required: true, autocomplete: true, max_length: 2048 }],
    },
    {
      type: ApplicationCommandOptionType.Subcommand,
      ...names('unmute', 'rétablir'),
      ...descriptions('Track a muted default feed again', 'Suivre de nouveau un flux par défaut mis en sourdine'),
      options: [{ type: ApplicationCommandOptionType.String, ...names('feed', 'flux'), ...descriptions('The muted feed', 'Le flux en sourdine'), required: true, autocomplete: true, max_length: 2048 }],
    },
    {
      type: ApplicationCommandOptionType.Subcommand,
      ...names('test', 'tester'),
      ...descriptions('Fetch a feed now and show what the digest would keep, and why', 'Lire un flux maintenant et montrer ce que le résumé garderait, et pourquoi'),
      options: [urlOption(true)],
    },
  ],
} as const satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

const handlers: SubcommandHandlers = {
  async list(interaction, ctx) {
    const guildId = requireGuild(interaction);
    const digest = requireDigest(ctx);
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    await sendPages(interaction, renderFeedList(await digest.feeds(guildId), digest.maxOwnFeeds, ctx.locale), true);
  },

  async add(interaction, ctx) {
    const guildId = requireManageGuild(interaction);
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    const { feed, test } = await requireDigest(ctx).addFeed({
      guildId,
      url: interaction.options.getString('url', true),
      label: interaction.options.getString('label') ?? undefined,
      userId: interaction.user.id,
      locale: ctx.locale,
    });
    await sendText(interaction, renderFeedAdded(feed, test, ctx.locale));
  },

  async remove(interaction, ctx) {
    const guildId = requireManageGuild(interaction);
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    const removed = await requireDigest(ctx).removeFeed(guildId, interaction.options.getString('feed', true));
    await sendText(interaction, renderFeedRemoved(removed, ctx.locale));
  },

  async mute(interaction, ctx) {
    const guildId = requireManageGuild(interaction);
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    const outcome = await requireDigest(ctx).muteFeed(guildId, interaction.options.getString('feed', true));
    await sendText(interaction, renderMuted(outcome, true, ctx.locale));
  },

  async unmute(interaction, ctx) {
    const guildId = requireManageGuild(interaction);
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    const outcome = await requireDigest(ctx).unmuteFeed(guildId, interaction.options.getString('feed', true));
    await sendText(interaction, renderMuted(outcome, false, ctx.locale));
  },

  async test(interaction, ctx) {
    const guildId = requireManageGuild(interaction);
    const url = interaction.options.getString('url', true);
    const digest = requireDigest(ctx);
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    await sendPages(interaction, renderFeedTest(ctx.kb, url, await digest.testFeed(url, interaction.user.id, guildId), ctx.locale), true);
  },
};

export const feeds: Command = {
  data,
  execute: (interaction, ctx) => runSubcommand(handlers, interaction, ctx),
  async autocomplete(interaction, ctx) {
    if (!interaction.inGuild() || ctx.digest === undefined) {
      await interaction.respond([]);
      return;
    }
    // Autocomplete has 3 s to answer: no choices rather than no answer when the store is slow.
    const typed = interaction.options.getFocused();
    const subcommand = interaction.options.getSubcommand();
    if (subcommand === 'mute' || subcommand === 'unmute') {
      await interaction.respond(await bestEffort(ctx.digest.defaultFeedChoices(interaction.guildId, typed, subcommand === 'unmute'), 1000, []));
      return;
    }
    const own = await bestEffort(ctx.digest.ownFeeds(interaction.guildId), 1000, []);
    await interaction.respond(matchOwnFeeds(own, typed));
  },
};
