import { ApplicationCommandOptionType } from 'discord.js';
import { descriptions, names } from '../src/discord/localize.ts';

/** The "private" option every answer command has: answer only to the asker (ephemeral). */
export const privateOption = {
  type: ApplicationCommandOptionType.Boolean,
  ...names('private', 'privé'),
  ...descriptions('Only you see the answer', 'Vous seul voyez la réponse'),
} as const;

