import { compileRoutePattern, type RoutePattern } from './route-pattern.ts';

/** The scope Discord reports for a 429 in `X-RateLimit-Scope`. */
export type RateLimitScope = 'user' | 'global' | 'shared';

/** What a programmed fault does to a matching request. */
export type FaultSpec =
  | { readonly kind: 'rate-limit'; readonly retryAfterSeconds: number; readonly scope: RateLimitScope }
  | { readonly kind: 'server-error'; readonly status: number }
  | { readonly kind: 'reset' };

/** A fault still waiting for matching requests. */
export interface PendingFault {
  readonly route: string;
  readonly kind: FaultSpec['kind'];
  readonly remaining: number;
}

/** Faults programmed by tests, consumed by the next matching requests in order. */
export interface FaultQueue {
  add(route: string, count: number, spec: FaultSpec): void;
  take(method: string, path: string): FaultSpec | undefined;
  pending(): PendingFault[];
  clear(): void;
}

export function createFaultQueue(): FaultQueue {
  const faults: { pattern: RoutePattern; remaining: number; spec: FaultSpec }[] = [];
  return {
    add(route, count, spec) {
      if (!Number.isInteger(count) || count < 1) throw new Error(`discord double: fault count must be a positive integer, got ${count}`);
      faults.push({ pattern: compileRoutePattern(route), remaining: count, spec });
    },
    take(method, path) {
      const fault = faults.find((candidate) => candidate.remaining > 0 && candidate.pattern.match(method, path) !== null);
      if (!fault) return undefined;
      fault.remaining -= 1;
      return fault.spec;
    },
    pending: () => faults.filter((fault) => fault.remaining > 0).map((fault) => ({ route: fault.pattern.source, kind: fault.spec.kind, remaining: fault.remaining })),
    clear: () => void faults.splice(0),
  };
}
