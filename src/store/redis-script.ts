import { createHash } from 'node:crypto';

/**
 * Every write to Redis is this script, so that it carries its deadline to the server. A command sent to a Redis that
 * has stopped answering (SIGSTOP, a long fork, a saturated link) stays in its socket and runs whenever the server
 * resumes, long after the bot reported the write as failed. The script compares the server's clock with ARGV[1],
 * the instant (server ms) from which the write must be refused, and does nothing past it: a write reported as
 * failed is never applied later. It also makes compare-and-set one atomic step. Needs Redis ≥ 5 (effects
 * replication, so TIME may come before writes).
 *
 * KEYS[1]: the row. ARGV[2]: 'set' | 'absent' (write only if missing) | 'equals' (only if the row is ARGV[5]) |
 * 'delete'. ARGV[3]: the new raw row; ARGV[4]: its TTL in ms, '' for none.
 * Returns -1 when too late (nothing done), 0 when the condition failed or there was nothing to delete, 1 when done.
 */
export const WRITE_SCRIPT = `
local now = redis.call('TIME')
if tonumber(now[1]) * 1000 + tonumber(now[2]) / 1000 >= tonumber(ARGV[1]) then return -1 end
local op = ARGV[2]
if op == 'delete' then return redis.call('DEL', KEYS[1]) end
if op ~= 'set' then
  local current = redis.call('GET', KEYS[1])
  if op == 'absent' and current then return 0 end
  if op == 'equals' and current ~= ARGV[5] then return 0 end
end
if ARGV[4] == '' then redis.call('SET', KEYS[1], ARGV[3]) else redis.call('SET', KEYS[1], ARGV[3], 'PX', ARGV[4]) end
return 1
`;

export const WRITE_SCRIPT_SHA1 = createHash('sha1').update(WRITE_SCRIPT).digest('hex');

/**
 * Many rows written at once, under the same deadline rule, in one atomic step (a script runs whole). KEYS: the rows.
 * ARGV[2]: the TTL in ms, '' for none; ARGV[2 + i]: the raw row of KEYS[i]. Returns -1 when too late (nothing done),
 * else the number of rows written.
 */
export const WRITE_MANY_SCRIPT = `
local now = redis.call('TIME')
if tonumber(now[1]) * 1000 + tonumber(now[2]) / 1000 >= tonumber(ARGV[1]) then return -1 end
for i = 1, #KEYS do
  if ARGV[2] == '' then redis.call('SET', KEYS[i], ARGV[i + 2]) else redis.call('SET', KEYS[i], ARGV[i + 2], 'PX', ARGV[2]) end
end
return #KEYS
`;

export const WRITE_MANY_SCRIPT_SHA1 = createHash('sha1').update(WRITE_MANY_SCRIPT).digest('hex');

/** A script as the connection runs it: by its hash, or whole when the server does not know it yet. */
export interface RedisScript {
  readonly source: string;
  readonly sha1: string;
}

export const WRITE: RedisScript = { source: WRITE_SCRIPT, sha1: WRITE_SCRIPT_SHA1 };
export const WRITE_MANY: RedisScript = { source: WRITE_MANY_SCRIPT, sha1: WRITE_MANY_SCRIPT_SHA1 };

/** The script's reply when the server ran it past its deadline. */
export const TOO_LATE = -1;

export type WriteOperation = 'set' | 'absent' | 'equals' | 'delete';

/** The script's ARGV after the deadline. */
export function writeArguments(op: WriteOperation, raw = '', ttlMs?: number, expected = ''): string[] {
  return [op, raw, ttlMs === undefined ? '' : String(Math.ceil(ttlMs)), expected];
}
