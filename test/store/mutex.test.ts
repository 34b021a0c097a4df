import { describe, expect, it } from 'vitest';
import { createKeyedMutex } from '../../src/async/mutex.ts';

const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

describe('createKeyedMutex', () => {
  it('runs tasks of one key one at a time, in call order', async () => {
    const exclusive = createKeyedMutex();
    const events: string[] = [];
    let running = 0;
    let most = 0;
    const task = (name: string) => async () => {
      running += 1;
      most = Math.max(most, running);
      events.push(`start ${name}`);
      await tick();
      events.push(`end ${name}`);
      running -= 1;
      return name;
    };
    const results = await Promise.all(['a', 'b', 'c'].map((name) => exclusive(['key'], task(name))));
    expect(results).toEqual(['a', 'b', 'c']);
    expect(most).toBe(1);
    expect(events).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
  });

  it('lets different keys run at the same time', async () => {
    const exclusive = createKeyedMutex();
    let running = 0;
    let most = 0;
    const task = async () => {
      running += 1;
      most = Math.max(most, running);
      await tick();
      running -= 1;
    };
    await Promise.all([exclusive(['a'], task), exclusive(['b'], task), exclusive(['c'], task)]);
    expect(most).toBe(3);
  });

  it('passes a failure to its caller only and goes on with the next task', async () => {
    const exclusive = createKeyedMutex();
    const failing = exclusive(['key'], async () => {
      throw new Error('boom');
    });
    const next = exclusive(['key'], async () => 'next ran');
    await expect(failing).rejects.toThrow('boom');
    await expect(next).resolves.toBe('next ran');
  });

  it('makes a task on several keys wait for each of them, and later tasks on any of them wait for it', async () => {
    const exclusive = createKeyedMutex();
    const events: string[] = [];
    const task = (name: string) => async () => {
      events.push(`start ${name}`);
      await tick();
      events.push(`end ${name}`);
    };
    await Promise.all([
      exclusive(['a'], task('a')),
      exclusive(['b'], task('b')),
      exclusive(['a', 'b', 'a'], task('ab')),
      exclusive(['b'], task('b again')),
      exclusive(['c'], task('c')),
    ]);
    const at = (event: string) => events.indexOf(event);
    expect(at('start ab')).toBeGreaterThan(Math.max(at('end a'), at('end b')));
    expect(at('start b again')).toBeGreaterThan(at('end ab'));
    expect(at('start c')).toBeLessThan(at('end a'));
  });
});
