import { createHash } from 'node:crypto';

/** The outcome of counting one request against its bucket. */
export interface BucketDecision {
  readonly allowed: boolean;
  readonly headers: Record<string, string>;
  /** Seconds until the bucket resets. */
  readonly resetAfter: number;
}

/** Fixed-window buckets keyed by route and major parameter, answering Discord's X-RateLimit-* headers. */
export interface RateLimiter {
  consume(route: string, majorParameter: string, now: number): BucketDecision;
  /** Headers of a bucket exhausted for `retryAfterSeconds` (for programmed 429s). */
  exhaustedHeaders(route: string, retryAfterSeconds: number, now: number): Record<string, string>;
}

export function bucketHash(route: string): string {
  return createHash('sha1').update(route).digest('hex').slice(0, 32);
}

export function createRateLimiter(limit: number, windowMs: number): RateLimiter {
  const buckets = new Map<string, { windowStart: number; used: number }>();
  const headers = (route: string, remaining: number, resetAfter: number, now: number) => ({
    'X-RateLimit-Limit': String(limit),
    'X-RateLimit-Remaining': String(remaining),
    'X-RateLimit-Reset': ((now + resetAfter * 1000) / 1000).toFixed(3),
    'X-RateLimit-Reset-After': resetAfter.toFixed(3),
    'X-RateLimit-Bucket': bucketHash(route),
  });
  return {
    consume(route, majorParameter, now) {
      const key = `${route}|${majorParameter}`;
      let bucket = buckets.get(key);
      if (!bucket || now >= bucket.windowStart + windowMs) {
        bucket = { windowStart: now, used: 0 };
        buckets.set(key, bucket);
      }
      const resetAfter = (bucket.windowStart + windowMs - now) / 1000;
      if (bucket.used >= limit) return { allowed: false, headers: headers(route, 0, resetAfter, now), resetAfter };
      bucket.used += 1;
      return { allowed: true, headers: headers(route, limit - bucket.used, resetAfter, now), resetAfter };
    },
    exhaustedHeaders: (route, retryAfterSeconds, now) => headers(route, 0, retryAfterSeconds, now),
  };
}
