import { describe, expect, it } from 'vitest';
import { matchOwnFeeds } from '../../src/digest/collect/feed-input.ts';
import type { GuildFeed } from '../../src/digest/state.ts';

const feed = (label: string, url: string): GuildFeed => ({ label, url, addedBy: '1', addedAt: '2025-01-01T00:00:00.000Z' });

const TECHNODE = feed('TechNode', 'https://technode.com/feed');
const SCMP = feed('South China Morning Post', 'https://www.scmp.com/rss/91/feed');

describe('matchOwnFeeds (the /feeds remove autocomplete)', () => {
  it('offers every feed, in order, before anything is typed', () => {
    expect(matchOwnFeeds([TECHNODE, SCMP], '')).toEqual([
      { name: 'TechNode', value: 'https://technode.com/feed' },
      { name: 'South China Morning Post', value: 'https://www.scmp.com/rss/91/feed' },
    ]);
  });

  it('matches what was typed inside the label or the address, whatever its case', () => {
    expect(matchOwnFeeds([TECHNODE, SCMP], 'MORNING').map((choice) => choice.name)).toEqual(['South China Morning Post']);
    expect(matchOwnFeeds([TECHNODE, SCMP], 'scmp.com/RSS').map((choice) => choice.name)).toEqual(['South China Morning Post']);
    expect(matchOwnFeeds([TECHNODE, SCMP], 'nothing like it')).toEqual([]);
  });

  it('offers at most 25 choices', () => {
    const many = Array.from({ length: 30 }, (_, index) => feed(`Feed ${index}`, `https://example.com/${index}`));
    const choices = matchOwnFeeds(many, 'feed');
    expect(choices).toHaveLength(25);
    expect(choices[24]).toEqual({ name: 'Feed 24', value: 'https://example.com/24' });
  });

  it('keeps to Discord’s 100 characters: a long address gives way to the label, a long label is cut', () => {
    const longUrl = feed('Long address', `https://example.com/${'a'.repeat(100)}`);
    const longLabel = feed('L'.repeat(120), 'https://example.com/long-label');
    expect(matchOwnFeeds([longUrl, longLabel], '')).toEqual([
      { name: 'Long address', value: 'Long address' },
      { name: 'L'.repeat(100), value: 'https://example.com/long-label' },
    ]);
  });
});
