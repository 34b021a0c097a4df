import { describe, expect, it } from 'vitest';
import { renderDigestStatus } from '../../src/digest/views/admin.ts';
import { payloadToText } from '../../src/render/text.ts';

const status = { pendingMessages: 0, pendingItems: 0, feeds: [] };
const text = (shard?: { id: number; count: number }, locale: 'en' | 'fr' = 'en') => renderDigestStatus(status, locale, shard).map(payloadToText).join('\n');

describe('/digest status names the shard that answered', () => {
  it('when the bot runs several shards, in both languages', () => {
    expect(text({ id: 1, count: 2 })).toContain('Answered by shard: 1 / 2');
    expect(text({ id: 0, count: 3 }, 'fr')).toContain('Réponse du shard\u00a0: 0 / 3');
  });

  it('not when there is one shard (nothing for an operator to tell apart)', () => {
    expect(text({ id: 0, count: 1 })).not.toContain('shard');
    expect(text()).not.toContain('shard');
  });
});
