import { describe, expect, it } from 'vitest';
import { userError } from '../support/user-error.ts';
import { dailyTime, describeSchedule } from '../../src/digest/schedule/cron-schedule.ts';
import { parseDigestTime, timeToCron, validateCron, validateTimeZone } from '../../src/digest/schedule/input.ts';

const NBSP = '\u00a0';


describe('parseDigestTime', () => {
  it.each([
    ['08:00', 8, 0],
    ['8:00', 8, 0],
    ['20:15', 20, 15],
    ['00:00', 0, 0],
    ['23:59', 23, 59],
    ['8h', 8, 0],
    ['8h30', 8, 30],
    ['08h30', 8, 30],
    ['8 h 30', 8, 30],
    ['20H15', 20, 15],
    ['8am', 8, 0],
    ['8 pm', 20, 0],
    ['8:30 PM', 20, 30],
    ['8:30 p.m.', 20, 30],
    ['12am', 0, 0],
    ['12 pm', 12, 0],
    ['7', 7, 0],
    ['  08:00  ', 8, 0],
  ])('reads %j as %i:%i', (text, hour, minute) => {
    expect(parseDigestTime(text)).toEqual({ hour, minute });
  });

  it.each(['garbage', '8:5', '8:', 'h30', '8.30', '0800', '8 30', 'eight', '08:00:00', '8hpm', '-1:00', '8:00 xm'])(
    'rejects %j as not a time, in both languages with examples',
    (text) => {
      const { en, fr } = userError(() => parseDigestTime(text)).userMessage;
      expect(en).toBe(`“${text}” is not a time of day. Write it like 08:00, 8h30, 20:15 or 8 pm.`);
      expect(fr).toBe(`«${NBSP}${text}${NBSP}» n’est pas une heure. Écrivez-la par exemple 08:00, 8h30, 20:15 ou 8 pm.`);
    },
  );

  it.each(['25:00', '24:00', '12:60', '8h60', '13pm', '0am', '99'])('rejects the impossible time %j, saying the ranges', (text) => {
    const { en, fr } = userError(() => parseDigestTime(text)).userMessage;
    expect(en).toContain(`“${text}” is not a valid time: hours go from 0 to 23 (1 to 12 with am or pm) and minutes from 00 to 59.`);
    expect(en).toContain('08:00, 8h30, 20:15 or 8 pm');
    expect(fr).toContain(`«${NBSP}${text}${NBSP}» n’est pas une heure valide${NBSP}: les heures vont de 0 à 23`);
    expect(fr).toContain('08:00, 8h30, 20:15 ou 8 pm');
  });

  it('asks for a time when given nothing', () => {
    const { en, fr } = userError(() => parseDigestTime('  ')).userMessage;
    expect(en).toBe('Give a time of day, for example 08:00, 8h30, 20:15 or 8 pm.');
    expect(fr).toBe('Indiquez une heure, par exemple 08:00, 8h30, 20:15 ou 8 pm.');
  });
});

describe('timeToCron', () => {
  it('gives a daily cron at that minute', () => {
    expect(timeToCron({ hour: 8, minute: 0 })).toBe('0 8 * * *');
    expect(timeToCron({ hour: 20, minute: 15 })).toBe('15 20 * * *');
    expect(timeToCron(parseDigestTime('8 pm'))).toBe('0 20 * * *');
  });

  it('refuses a time that is not one (a programming error, not a user one)', () => {
    expect(() => timeToCron({ hour: 24, minute: 0 })).toThrow(RangeError);
    expect(() => timeToCron({ hour: 8, minute: 7.5 })).toThrow(RangeError);
  });

  it('round-trips through dailyTime', () => {
    for (const time of [{ hour: 0, minute: 0 }, { hour: 8, minute: 30 }, { hour: 23, minute: 59 }]) {
      expect(dailyTime(timeToCron(time))).toEqual(time);
    }
  });
});

describe('validateTimeZone', () => {
  it.each([
    ['Europe/Paris', 'Europe/Paris'],
    ['europe/paris', 'Europe/Paris'],
    ['EUROPE/PARIS', 'Europe/Paris'],
    [' America/New_York ', 'America/New_York'],
    ['america/new_york', 'America/New_York'],
    ['asia/shanghai', 'Asia/Shanghai'],
    ['UTC', 'UTC'],
    ['utc', 'UTC'],
    ['Etc/UTC', 'UTC'],
    ['US/Eastern', 'America/New_York'],
  ])('accepts %j as %j', (text, name) => {
    expect(validateTimeZone(text)).toBe(name);
  });

  it('gives names the runtime itself accepts', () => {
    for (const text of ['europe/paris', 'utc', 'asia/kolkata', 'Europe/Kyiv']) {
      const name = validateTimeZone(text);
      expect(new Intl.DateTimeFormat('en', { timeZone: name }).resolvedOptions().timeZone).toBe(name);
    }
  });

  it.each([
    ['Europe/Pariss', 'Europe/Paris'],
    ['paris', 'Europe/Paris'],
    ['New York', 'America/New_York'],
    ['America/NewYork', 'America/New_York'],
    ['Asia/Shangai', 'Asia/Shanghai'],
    ['shanghai', 'Asia/Shanghai'],
  ])('rejects %j suggesting %j', (text, suggestion) => {
    const { en, fr } = userError(() => validateTimeZone(text)).userMessage;
    expect(en).toMatch(new RegExp(`^“${text}” is not a time zone I know\\. Did you mean: .*${suggestion}.*\\?$`));
    expect(fr).toContain(`«${NBSP}${text}${NBSP}» n’est pas un fuseau horaire connu. Vouliez-vous dire${NBSP}: `);
    expect(fr).toContain(suggestion);
  });

  it('rejects a zone nowhere near a real one with examples of real ones', () => {
    const { en, fr } = userError(() => validateTimeZone('Mars/Olympus')).userMessage;
    expect(en).toBe('“Mars/Olympus” is not a time zone I know. Use an IANA name such as Europe/Paris, America/New_York, Asia/Shanghai or UTC.');
    expect(fr).toBe(
      `«${NBSP}Mars/Olympus${NBSP}» n’est pas un fuseau horaire connu. Indiquez un nom IANA comme Europe/Paris, America/New_York, Asia/Shanghai ou UTC.`,
    );
  });

  it('rejects an empty zone and offsets, which are not zone names', () => {
    expect(userError(() => validateTimeZone('')).userMessage.en).toBe(
      'Give a time zone, for example Europe/Paris, America/New_York, Asia/Shanghai or UTC.',
    );
    expect(userError(() => validateTimeZone('+01:00')).userMessage.en).toContain('is not a time zone I know');
  });
});

describe('validateCron', () => {
  it.each([
    ['0 8 * * *', '0 8 * * *'],
    ['  30   7 * * 1-5 ', '30 7 * * 1-5'],
    ['*/15 * * * * *', '*/15 * * * * *'],
    ['0 8 ? * mon-fri', '0 8 ? * mon-fri'],
    ['0 9 1 jan,jul *', '0 9 1 jan,jul *'],
    ['@daily', '@daily'],
  ])('accepts %j as %j', (expression, normalized) => {
    expect(validateCron(expression)).toBe(normalized);
  });

  it.each([
    ['60 8 * * *', '“60” is not valid for the minutes (0-59).', `«${NBSP}60${NBSP}» n’est pas valide pour les minutes (0-59).`],
    ['0 25 * * *', '“25” is not valid for the hour (0-23).', `«${NBSP}25${NBSP}» n’est pas valide pour l’heure (0-23).`],
    ['0 8 * 13 *', '“13” is not valid for the month', `«${NBSP}13${NBSP}» n’est pas valide pour le mois`],
    ['0 8 * * 8', '“8” is not valid for the day of the week', `«${NBSP}8${NBSP}» n’est pas valide pour le jour de la semaine`],
    ['61 * * * * *', '“61” is not valid for the seconds', `«${NBSP}61${NBSP}» n’est pas valide pour les secondes`],
    ['0 8 * *', 'it needs 5 fields (minute hour day month weekday), or 6 with the seconds first, not 4.', 'il faut 5 champs'],
    ['0 0 8 * * * *', 'or 6 with the seconds first, not 7.', 'pas 7.'],
    ['', 'not 0.', 'pas 0.'],
    ['0 8 $ * *', 'it contains characters cron does not use.', 'elle contient des caractères que cron n’utilise pas.'],
    ['0 8 30 2 *', 'the day “30” never occurs in the months chosen.', `le jour «${NBSP}30${NBSP}» n’existe dans aucun des mois choisis.`],
    ['0 8 L * *', 'the L, W and # day forms are not supported', 'les formes de jour L, W et #'],
    ['0 8 * * 5#2', 'the L, W and # day forms are not supported', 'les formes de jour L, W et #'],
    ['0 8 15W * *', 'the L, W and # day forms are not supported', 'les formes de jour L, W et #'],
  ])('rejects %j with its reason in both languages', (expression, reasonEn, reasonFr) => {
    const { en, fr } = userError(() => validateCron(expression)).userMessage;
    expect(en).toContain(`“${expression.trim()}” is not a valid cron expression: `);
    expect(en).toContain(reasonEn);
    expect(en).toContain('For example: 0 8 * * * (every day at 08:00)');
    expect(fr).toContain(`«${NBSP}${expression.trim()}${NBSP}» n’est pas une expression cron valide${NBSP}: `);
    expect(fr).toContain(reasonFr);
    expect(fr).toContain(`Par exemple${NBSP}: 0 8 * * * (tous les jours à 08:00)`);
  });
});

describe('describeSchedule', () => {
  it.each([
    ['0 8 * * *', 'Europe/Paris', 'every day at 08:00 (Europe/Paris)', 'tous les jours à 08:00 (Europe/Paris)'],
    ['15 20 * * *', 'Asia/Shanghai', 'every day at 20:15 (Asia/Shanghai)', 'tous les jours à 20:15 (Asia/Shanghai)'],
    ['0 30 7 * * *', 'UTC', 'every day at 07:30 (UTC)', 'tous les jours à 07:30 (UTC)'],
    ['0 8 ? * *', 'UTC', 'every day at 08:00 (UTC)', 'tous les jours à 08:00 (UTC)'],
    ['@daily', 'UTC', 'every day at 00:00 (UTC)', 'tous les jours à 00:00 (UTC)'],
  ])('puts the daily cron %j in words', (cron, tz, en, fr) => {
    expect(describeSchedule(cron, tz, 'en')).toBe(en);
    expect(describeSchedule(cron, tz, 'fr')).toBe(fr);
  });

  it.each(['30 7 * * 1-5', '0 8,20 * * *', '0 8 1 * *', '*/15 * * * *', '5 0 8 * * *', 'not a cron'])(
    'shows %j as it is, not as a daily run',
    (cron) => {
      expect(describeSchedule(cron, 'Europe/Paris', 'en')).toBe(`${cron} (Europe/Paris)`);
      expect(describeSchedule(cron, 'Europe/Paris', 'fr')).toBe(`${cron} (Europe/Paris)`);
    },
  );
});
