import type { Command } from '../src/discord/command.ts';
import { about } from './about.ts';
import { balance } from './balance.ts';
import { company } from './company.ts';
import { digest } from './digest.ts';
import { dimension } from './dimension.ts';
import { feeds } from './feeds.ts';
import { leads } from './leads.ts';
import { retreats } from './retreats.ts';

/** Every slash command, listed explicitly: the bot and `npm run deploy` both use this list. */
export const commands: readonly Command[] = [retreats, company, dimension, balance, leads, about, digest, feeds];
