import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.ts';
import { userError } from '../support/user-error.ts';
import { checkPeriod, parsePeriodBound } from '../../src/kb/period.ts';

const NBSP = '\u00a0';


describe('parsePeriodBound', () => {
  it.each([
    ['2023', '2023'],
    ['2023-05', '2023-05'],
    ['2023-5', '2023-05'],
    ['2023-05-17', '2023-05-17'],
    ['2023/05/17', '2023-05-17'],
    ['05/2023', '2023-05'],
    ['5/2023', '2023-05'],
    ['17/05/2023', '2023-05-17'],
    ['7/5/2023', '2023-05-07'],
    ['17.05.2023', '2023-05-17'],
    ['  2024-02-29 ', '2024-02-29'],
  ])('reads %j as %j, keeping its precision', (text, date) => {
    expect(parsePeriodBound(text, 'since')).toBe(date);
    expect(parsePeriodBound(text, 'until')).toBe(date);
  });

  it.each(['', 'abc', 'May 2023', '05/23', '20230517', '2023-05-17T10:00', '2023-1-1-1', '1/1/1/2023'])(
    'rejects %j with a UserError listing the accepted forms',
    (text) => {
      const error = userError(() => parsePeriodBound(text, 'since'));
      expect(error.userMessage.en).toContain('is not a valid start date');
      expect(error.userMessage.en).toContain('2023-05-17 or 17/05/2023');
      expect(error.userMessage.fr).toContain('n’est pas une date de début valide');
      expect(error.userMessage.fr).toContain('2023-05-17 ou 17/05/2023');
    },
  );

  it.each(['2023-02-29', '2023-02-30', '31/04/2023', '2023-13', '13/2023', '2023-00', '00/05/2023', '2023-05-00'])('rejects the impossible date %j', (text) => {
    const error = userError(() => parsePeriodBound(text, 'until'));
    expect(error.userMessage.en).toBe(
      `“${text}” is not a real calendar date. Give a year (2023), a month (2023-05 or 05/2023) or a day (2023-05-17 or 17/05/2023).`,
    );
    expect(error.userMessage.fr).toBe(
      `«${NBSP}${text}${NBSP}» n’est pas une date qui existe. Indiquez une année (2023), un mois (2023-05 ou 05/2023) ou un jour (2023-05-17 ou 17/05/2023).`,
    );
  });

  it('names the bound in the message, in both languages', () => {
    const since = userError(() => parsePeriodBound('soon', 'since')).userMessage;
    const until = userError(() => parsePeriodBound('soon', 'until')).userMessage;
    expect(since.en).toMatch(/^“soon” is not a valid start date\. /);
    expect(until.en).toMatch(/^“soon” is not a valid end date\. /);
    expect(since.fr).toMatch(new RegExp(`^«${NBSP}soon${NBSP}» n’est pas une date de début valide\\. `));
    expect(until.fr).toMatch(new RegExp(`^«${NBSP}soon${NBSP}» n’est pas une date de fin valide\\. `));
  });

  it('rejects years outside the range the knowledge base covers', () => {
    const error = userError(() => parsePeriodBound('1850', 'since'));
    expect(error.userMessage.en).toContain('1850 is outside the years covered (1900–2100)');
    expect(error.userMessage.fr).toContain('1850 est hors des années couvertes (1900–2100)');
  });

  it('keeps a very long input out of the message', () => {
    const error = userError(() => parsePeriodBound('x'.repeat(500), 'since'));
    expect(error.userMessage.en.length).toBeLessThan(250);
    expect(error.userMessage.fr.length).toBeLessThan(250);
  });
});

describe('checkPeriod', () => {
  it.each([
    [undefined, undefined],
    ['2025', undefined],
    [undefined, '2024'],
    ['2024', '2024'],
    ['2024-05', '2024'],
    ['2024', '2024-03'],
    ['2024-05-17', '2024-05-17'],
    ['2024-05-17', '2024-05'],
  ])('accepts since %s until %s', (since, until) => {
    expect(() => checkPeriod(since, until)).not.toThrow();
  });

  it('rejects a start after the end, in both languages', () => {
    const error = userError(() => checkPeriod('2025', '2024'));
    expect(error.userMessage).toEqual({
      en: 'The start date (2025) is after the end date (2024).',
      fr: 'La date de début (2025) est postérieure à la date de fin (2024).',
    });
  });

  it('compares whole periods at their precision', () => {
    expect(userError(() => checkPeriod('2024-05-17', '2024-05-16')).userMessage).toEqual({
      en: 'The start date (17 May 2024) is after the end date (16 May 2024).',
      fr: 'La date de début (17 mai 2024) est postérieure à la date de fin (16 mai 2024).',
    });
    expect(() => checkPeriod('2024-06', '2024-05-31')).toThrow(UserError);
  });
});
