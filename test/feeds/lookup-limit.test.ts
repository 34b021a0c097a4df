import { describe, expect, it } from 'vitest';
import { limitLookups, lookupsAtOnce } from '../../src/feeds/fetch/resolve.ts';

/** A lookup whose answers the test gives, one host at a time, recording how many calls run at once. */
function controlledLookup() {
  const waiting = new Map<string, { resolve: (answers: string[]) => void; reject: (error: Error) => void }>();
  let running = 0;
  let peak = 0;
  const lookup = (hostname: string) =>
    new Promise<readonly string[]>((resolve, reject) => {
      running += 1;
      peak = Math.max(peak, running);
      const settle = () => (running -= 1);
      waiting.set(hostname, {
        resolve: (answers) => (settle(), resolve(answers)),
        reject: (error) => (settle(), reject(error)),
      });
    });
  return { lookup, waiting, running: () => running, peak: () => peak };
}

const turn = () => new Promise((resolve) => setImmediate(resolve));

describe('system lookups at once', () => {
  it('one fewer than libuv’s thread pool has threads, at least one; libuv’s 4 when the size is unset or not a whole number from 1', () => {
    expect(lookupsAtOnce({})).toBe(3);
    expect(lookupsAtOnce({ UV_THREADPOOL_SIZE: '2' })).toBe(1);
    expect(lookupsAtOnce({ UV_THREADPOOL_SIZE: '1' })).toBe(1);
    expect(lookupsAtOnce({ UV_THREADPOOL_SIZE: '16' })).toBe(15);
    for (const wrong of ['', '0', '-3', '2.5', 'two']) expect(lookupsAtOnce({ UV_THREADPOOL_SIZE: wrong })).toBe(3);
  });

  it('runs at most that many, each caller getting its own answers, the next starting as one settles, a failure included', async () => {
    const fake = controlledLookup();
    const lookup = limitLookups(fake.lookup, 2);
    const answers = Promise.allSettled(['a', 'b', 'c', 'd'].map((host) => lookup(`${host}.test`)));
    await turn();
    expect([...fake.waiting.keys()]).toEqual(['a.test', 'b.test']);

    // A silent DNS server: the first lookup fails late; only then does the third start.
    fake.waiting.get('a.test')?.reject(new Error('EAI_AGAIN'));
    await turn();
    expect(fake.waiting.has('c.test')).toBe(true);
    expect(fake.waiting.has('d.test')).toBe(false);
    fake.waiting.get('b.test')?.resolve(['192.0.2.2']);
    await turn();
    fake.waiting.get('c.test')?.resolve(['192.0.2.3']);
    await turn();
    fake.waiting.get('d.test')?.resolve(['192.0.2.4', '2001:db8::4']);

    const [failed, ...found] = await answers;
    expect(failed).toMatchObject({ status: 'rejected', reason: new Error('EAI_AGAIN') });
    expect(found).toEqual([['192.0.2.2'], ['192.0.2.3'], ['192.0.2.4', '2001:db8::4']].map((value) => ({ status: 'fulfilled', value })));
    expect(fake.peak()).toBe(2);
    expect(fake.running()).toBe(0);
  });
});
