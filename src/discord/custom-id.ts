/**
 * Button state lives in the custom id ("retreats:2:microsoft:-:2023:-:-"), so buttons keep working
 * after a restart. Parts are kebab-case ids, dates or user ids; "-" stands for "not set".
 */
/** Discord's limit on a custom id: anything longer was not made by the bot. */
export const MAX_CUSTOM_ID = 100;
const UNSET = '-';

export function encodeCustomId(command: string, parts: readonly (string | number | undefined)[]): string {
  const encoded = [command, ...parts.map((part) => (part === undefined || part === '' ? UNSET : String(part)))];
  for (const part of encoded) {
    if (part.includes(':')) throw new Error(`custom id part "${part}" contains ":"`);
  }
  const customId = encoded.join(':');
  if (customId.length > MAX_CUSTOM_ID) throw new Error(`custom id longer than ${MAX_CUSTOM_ID}: ${customId}`);
  return customId;
}

/** The command name and its parts, with "-" turned back into undefined. */
export function decodeCustomId(customId: string): { command: string; parts: (string | undefined)[] } {
  const [command = '', ...parts] = customId.split(':');
  return { command, parts: parts.map((part) => (part === UNSET ? undefined : part)) };
}
