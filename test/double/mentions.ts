import { isRecord } from './validate/form.ts';

/** Who a message actually notifies once `allowed_mentions` is applied. */
export interface Pings {
  readonly users: readonly string[];
  readonly roles: readonly string[];
  readonly everyone: boolean;
}

/**
 * Resolves the pings of `content` the way Discord applies `allowed_mentions`:
 * absent means "parse everything"; `parse` enables whole kinds; `users`/`roles` whitelist ids.
 */
export function resolvePings(content: string, allowedMentions: unknown): Pings {
  const userIds = [...content.matchAll(/<@!?(\d{17,20})>/g)].map((match) => match[1] ?? '');
  const roleIds = [...content.matchAll(/<@&(\d{17,20})>/g)].map((match) => match[1] ?? '');
  const mentionsEveryone = /@(everyone|here)\b/.test(content);
  if (!isRecord(allowedMentions)) return { users: unique(userIds), roles: unique(roleIds), everyone: mentionsEveryone };
  const parse = Array.isArray(allowedMentions['parse']) ? allowedMentions['parse'] : [];
  const allowed = (kind: 'users' | 'roles', ids: string[]) => {
    if (parse.includes(kind)) return ids;
    const list = allowedMentions[kind];
    return Array.isArray(list) ? ids.filter((id) => list.includes(id)) : [];
  };
  return { users: unique(allowed('users', userIds)), roles: unique(allowed('roles', roleIds)), everyone: mentionsEveryone && parse.includes('everyone') };
}

function unique(ids: readonly string[]): string[] {
  return [...new Set(ids)];
}
