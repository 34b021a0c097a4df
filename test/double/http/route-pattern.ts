/** A compiled `"[METHOD ]/path/:param/…"` pattern; `*` matches one path segment. */
export interface RoutePattern {
  readonly source: string;
  readonly method: string | null;
  match(method: string, path: string): Record<string, string> | null;
}

/** Compiles e.g. `POST /channels/:channelId/messages` (method optional: any method matches). */
export function compileRoutePattern(source: string): RoutePattern {
  const [first = '', second] = source.trim().split(/\s+/, 2);
  const method = second === undefined ? null : first.toUpperCase();
  const template = second ?? first;
  const names: string[] = [];
  const regex = new RegExp(
    `^${template
      .split('/')
      .map((segment) => {
        if (segment === '*') return '[^/]+';
        if (!segment.startsWith(':')) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        names.push(segment.slice(1));
        return '([^/]+)';
      })
      .join('/')}/?$`,
  );
  return {
    source,
    method,
    match(requestMethod, path) {
      if (method !== null && method !== '*' && method !== requestMethod.toUpperCase()) return null;
      const found = regex.exec(path);
      if (!found) return null;
      return Object.fromEntries(names.map((name, index) => [name, found[index + 1] ?? '']));
    },
  };
}
