import type { RouteHandler } from './feed-server.ts';

/**
 * A gate for a feed server's answers: the requests of every handler it wraps are held until `atOnce` are in flight
 * (or `holdMs` passed), then all go. So the peak the server sees is the fetcher's limit however slowly its requests
 * come on a loaded machine, and more than the limit if the limit is ignored.
 */
export function heldUntil(atOnce: number, holdMs: number): (answer: RouteHandler) => RouteHandler {
  const held = new Set<() => void>();
  const release = (go: () => void) => held.delete(go) && go();
  return (answer) => (request, response, hit) => {
    const go = () => answer(request, response, hit);
    held.add(go);
    setTimeout(() => release(go), holdMs).unref();
    if (held.size >= atOnce) for (const waiting of [...held]) release(waiting);
  };
}
