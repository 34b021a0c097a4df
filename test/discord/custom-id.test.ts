import { describe, expect, it } from 'vitest';
import { decodeCustomId, encodeCustomId } from '../../src/discord/custom-id.ts';

describe('button state in custom ids', () => {
  it('round-trips the command, the page and the query, with unset parts', () => {
    const id = encodeCustomId('retreats', [2, 'microsoft', undefined, '2023', '', '123456789012345678']);
    expect(id).toBe('retreats:2:microsoft:-:2023:-:123456789012345678');
    expect(decodeCustomId(id)).toEqual({ command: 'retreats', parts: ['2', 'microsoft', undefined, '2023', undefined, '123456789012345678'] });
  });

  it('refuses a part with the separator and an id over Discord’s 100 characters', () => {
    expect(() => encodeCustomId('retreats', ['a:b'])).toThrow(/contains ":"/);
    expect(() => encodeCustomId('retreats', ['x'.repeat(95)])).toThrow(/longer than 100/);
  });
});
