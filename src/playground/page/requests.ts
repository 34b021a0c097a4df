import { z } from 'zod';

const locale = z.enum(['en', 'fr']);
const id = z.string().regex(/^\d{1,20}$/);
const optionValue = z.union([z.string().max(6000), z.number(), z.boolean()]);
const commandPath = {
  name: z.string().min(1).max(32),
  subcommandGroup: z.string().min(1).max(32).optional(),
  subcommand: z.string().min(1).max(32).optional(),
  options: z.record(z.string().max(32), optionValue).default({}),
};

/** What the page may ask: run a command, complete an option, click a button, pick in a menu, dismiss a private answer. */
export const pageRequest = z.discriminatedUnion('type', [
  z.object({ type: z.literal('command'), locale, channelId: id, ...commandPath }),
  z.object({ type: z.literal('autocomplete'), locale, channelId: id, ...commandPath, focused: z.string().min(1).max(32), value: z.string().max(6000) }),
  z.object({ type: z.literal('button'), locale, messageId: id, customId: z.string().min(1).max(200) }),
  z.object({ type: z.literal('select'), locale, messageId: id, customId: z.string().min(1).max(200), values: z.array(z.string().max(200)).max(25) }),
  z.object({ type: z.literal('dismiss'), messageId: id }),
]);

export type PageRequest = z.infer<typeof pageRequest>;
export type CommandRequest = Extract<PageRequest, { type: 'command' | 'autocomplete' }>;
