import http from 'node:http';
import https from 'node:https';
import type { PinnedAddress } from './pinned.ts';

/**
 * Connections kept open between the fetches of one run (a digest's collection), so that feeds of one host share a
 * connection instead of opening one each. One keep-alive agent per scheme, host, port AND set of pinned addresses: a
 * socket is reused only for a fetch whose DNS answers pinned the same addresses it was connected to, and every fetch
 * still checks the socket's remote address (reused or not) before sending anything. Close it when the run ends.
 */
export interface ConnectionPool {
  /** The agent that connects to `url` through these pinned addresses. */
  agentFor(url: URL, pinned: readonly PinnedAddress[]): http.Agent;
  /** Closes every connection, idle or not, and forgets the agents. */
  close(): void;
}

/** An idle connection closes after this long: below the 5 s most servers (Node's included) keep one open. */
export const KEEP_ALIVE_IDLE_MS = 4_000;
/** Idle connections kept per agent; a run fetches at most this many feeds of one host at once anyway. */
const MAX_FREE_SOCKETS = 64;
/** Agents kept at most (the least recently used go first); a run with more hosts reconnects to some. */
const MAX_AGENTS = 256;

export function createConnectionPool(): ConnectionPool {
  const agents = new Map<string, http.Agent>();
  return {
    agentFor(url, pinned) {
      const key = `${url.protocol}//${url.host}|${pinned.map((entry) => entry.address).join(',')}`;
      let agent = agents.get(key);
      if (agent === undefined) {
        // Every connection of a wave stays for the next one (the fetch limits bound how many there are): closing all
        // but a few and opening them again cost more CPU than the fetches themselves on a fast host.
        const options = { keepAlive: true, timeout: KEEP_ALIVE_IDLE_MS, maxFreeSockets: MAX_FREE_SOCKETS };
        agent = url.protocol === 'https:' ? new https.Agent(options) : new http.Agent(options);
        if (agents.size >= MAX_AGENTS) {
          const [oldestKey, oldest] = agents.entries().next().value as [string, http.Agent];
          agents.delete(oldestKey);
          oldest.destroy();
        }
      } else {
        agents.delete(key);
      }
      agents.set(key, agent);
      return agent;
    },
    close() {
      for (const agent of agents.values()) agent.destroy();
      agents.clear();
    },
  };
}
