import { describe, expect, it } from 'vitest';
import { compactFold, foldText, typoBudget, typoDistance } from '../../src/kb/text.ts';

describe('foldText', () => {
  it.each([
    ['I.B.M.', 'ibm'],
    ['McKinsey & Company', 'mckinsey company'],
    ['Écosystème, déploiement et normes', 'ecosysteme deploiement et normes'],
    ['  Amazon   Web\tServices ', 'amazon web services'],
    ['Amazon.com', 'amazoncom'],
    ['l’Oréal', 'l oreal'],
    ['semi-conducteurs', 'semi conducteurs'],
    ['Œuvre Straße', 'oeuvre strasse'],
    ['ＡＷＳ', 'aws'],
    ['Yahoo!', 'yahoo'],
    ['微软 China', '微软 china'],
    ['?!…', ''],
  ])('%j → %j', (input, folded) => {
    expect(foldText(input)).toBe(folded);
  });

  it('makes case, accent and punctuation variants of a name equal', () => {
    const variants = ['Microsoft Research Asia', 'MICROSOFT-RESEARCH-ASIA', 'microsoft research, asia', 'Micrôsoft Résearch Asia'];
    expect(new Set(variants.map(foldText)).size).toBe(1);
  });
});

describe('compactFold', () => {
  it('removes the spaces so split and joined spellings meet', () => {
    expect(compactFold(foldText('Open AI'))).toBe(compactFold(foldText('OpenAI')));
    expect(compactFold(foldText('I B M'))).toBe('ibm');
  });
});

describe('typoBudget', () => {
  it('allows no typo in short words and more as words grow', () => {
    expect([1, 3, 4, 7, 8, 11, 12, 30].map(typoBudget)).toEqual([0, 0, 1, 1, 2, 2, 3, 3]);
  });
});

/** Full optimal-string-alignment distance, the plain textbook table: the oracle for the bounded version. */
function referenceDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  const at = (i: number, j: number) => d[i]?.[j] ?? Number.POSITIVE_INFINITY;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      let cost = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) cost = Math.min(cost, at(i - 2, j - 2) + 1);
      (d[i] as number[])[j] = cost;
    }
  }
  return at(a.length, b.length);
}

describe('typoDistance', () => {
  it.each([
    ['nvidea', 'nvidia', 1],
    ['microsft', 'microsoft', 1],
    ['mckinsy', 'mckinsey', 1],
    ['micorsoft', 'microsoft', 1],
    ['tencnt', 'tencent', 1],
    ['aws', 'aws', 0],
    ['', 'abc', 3],
    ['kitten', 'sitting', 3],
  ])('%s ↔ %s = %i', (a, b, distance) => {
    expect(typoDistance(a, b, 5)).toBe(distance);
    expect(typoDistance(b, a, 5)).toBe(distance);
  });

  it('reports anything beyond the bound as bound + 1', () => {
    expect(typoDistance('apple', 'amazon', 2)).toBe(3);
    expect(typoDistance('a', 'abcdef', 1)).toBe(2);
    expect(typoDistance('kitten', 'sitting', 2)).toBe(3);
  });

  it('agrees with the full table on random strings for every bound', () => {
    let seed = 42;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const word = () => Array.from({ length: Math.floor(random() * 12) }, () => 'abcde'[Math.floor(random() * 5)]).join('');
    for (let n = 0; n < 3000; n++) {
      const a = word();
      const b = random() < 0.5 ? word() : a.replace(/(.)(.)/, '$2$1').slice(0, Math.max(0, a.length - Math.floor(random() * 2)));
      const max = Math.floor(random() * 5);
      expect(typoDistance(a, b, max), `${a} ↔ ${b} within ${max}`).toBe(Math.min(referenceDistance(a, b), max + 1));
    }
  });
});
