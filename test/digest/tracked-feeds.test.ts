import { describe, expect, it } from 'vitest';
import { knownFeeds, mutedDefaults, trackedFeeds } from '../../src/digest/collect/tracked-feeds.ts';
import { findDefaultFeed, matchDefaultFeeds } from '../../src/digest/service/mute-feed.ts';
import type { Feed } from '../../src/kb/schema/feed.ts';
import type { KnowledgeBase } from '../../src/kb/types.ts';

const feed = (id: string, label: string, url: string): Feed => ({ id, label, url, language: 'en', verified: true });
const DEFAULTS = [feed('technode', 'TechNode', 'https://technode.com/feed'), feed('scmp-tech', 'SCMP Tech', 'https://www.scmp.com/rss/36/feed')];
const kb = { feeds: DEFAULTS } as unknown as KnowledgeBase;
const own = { url: 'https://example.com/rss', label: 'Example', addedBy: '1', addedAt: '2026-01-01T00:00:00.000Z' };

describe('the feeds a server tracks', () => {
  it('leave out the default feeds it muted, keep its own, each URL once', () => {
    expect(trackedFeeds(kb, { feeds: [own] }).map((f) => f.label)).toEqual(['TechNode', 'SCMP Tech', 'Example']);
    expect(trackedFeeds(kb, { feeds: [own], mutedFeeds: ['scmp-tech'] }).map((f) => f.label)).toEqual(['TechNode', 'Example']);
    // An id no longer in the knowledge base mutes nothing.
    expect(trackedFeeds(kb, { feeds: [], mutedFeeds: ['gone'] }).map((f) => f.label)).toEqual(['TechNode', 'SCMP Tech']);
    expect(knownFeeds(kb, { feeds: [own], mutedFeeds: ['scmp-tech'] })).toHaveLength(3);
    expect(mutedDefaults(kb, { feeds: [], mutedFeeds: ['gone', 'scmp-tech'] }).map((f) => f.id)).toEqual(['scmp-tech']);
  });
});

describe('naming a default feed to mute or unmute', () => {
  it('finds it by id, by label in any case, or by address in any usual spelling', () => {
    expect(findDefaultFeed(DEFAULTS, 'scmp-tech')?.id).toBe('scmp-tech');
    expect(findDefaultFeed(DEFAULTS, ' technode ')?.id).toBe('technode');
    expect(findDefaultFeed(DEFAULTS, 'https://scmp.com/rss/36/feed/')?.id).toBe('scmp-tech');
    expect(findDefaultFeed(DEFAULTS, 'Reuters')).toBeUndefined();
  });

  it('autocompletes the feeds not muted for mute, the muted ones for unmute, by id, at most 25', () => {
    expect(matchDefaultFeeds(kb, undefined, '', false)).toEqual([{ name: 'TechNode', value: 'technode' }, { name: 'SCMP Tech', value: 'scmp-tech' }]);
    expect(matchDefaultFeeds(kb, { mutedFeeds: ['technode'] }, '', false)).toEqual([{ name: 'SCMP Tech', value: 'scmp-tech' }]);
    expect(matchDefaultFeeds(kb, { mutedFeeds: ['technode'] }, 'TECH', true)).toEqual([{ name: 'TechNode', value: 'technode' }]);
    expect(matchDefaultFeeds(kb, { mutedFeeds: ['technode'] }, 'scmp.com', true)).toEqual([]);
    const many = { feeds: Array.from({ length: 30 }, (_, i) => feed(`f${i}`, `Feed ${i}`, `https://example.com/${i}`)) } as unknown as KnowledgeBase;
    expect(matchDefaultFeeds(many, undefined, 'feed', false)).toHaveLength(25);
  });
});
