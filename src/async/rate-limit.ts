/** A sliding-window limit per key (a user id): at most `limit` takes per `windowMs`. In memory, per process. */
export function createRateLimiter(options: { limit: number; windowMs: number; now?: () => Date }) {
  const now = () => (options.now?.() ?? new Date()).getTime();
  const takes = new Map<string, number[]>();
  return {
    /** Takes one slot for `key`: 0 when allowed, otherwise the milliseconds until a slot frees. */
    take(key: string): number {
      const at = now();
      const recent = (takes.get(key) ?? []).filter((t) => at - t < options.windowMs);
      if (recent.length >= options.limit) {
        takes.set(key, recent);
        return options.windowMs - (at - (recent[0] ?? at));
      }
      recent.push(at);
      takes.set(key, recent);
      return 0;
    },
  };
}
