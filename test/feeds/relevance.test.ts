import { describe, expect, it } from 'vitest';
import { buildKnowledgeBase } from '../../src/kb/build.ts';
import type { Company } from '../../src/kb/schema/index.ts';
import type { KnowledgeBase } from '../../src/kb/types.ts';
import { localizeReason } from '../../src/feeds/tag/localize-reason.ts';
import { DEFAULT_RELEVANCE_THRESHOLD, tagItem } from '../../src/feeds/tag/relevance.ts';
import { retreatSubject } from '../../src/feeds/tag/retreat-subject.ts';
import { fixtureData, fixtureKb, scaleData } from '../support/kb-fixture.ts';
import { loadRealKb } from '../support/real-kb.ts';

const kb = fixtureKb();
const tag = (title: string, summary = '', base: KnowledgeBase = kb) => tagItem(base, { title, summary });

/** The fixture with real keywords on the compute dimension and Oracle among the companies. */
function richerKb(): KnowledgeBase {
  const data = fixtureData();
  const oracle: Company = {
    id: 'oracle', name: 'Oracle', aliases: [], type: 'company', country: 'US',
    sector: { en: 'Software', fr: 'Logiciel' }, profile: { en: 'Oracle profile', fr: 'Profil d’Oracle' },
  };
  return buildKnowledgeBase({
    ...data,
    companies: [...data.companies, oracle],
    dimensions: data.dimensions.map((dimension) =>
      dimension.id === 'compute' ? { ...dimension, keywords: { en: ['h20', 'GPU', 'AI chip'], fr: ['puce', 'semi-conducteur'] } } : dimension,
    ),
  });
}

describe('tagItem: companies', () => {
  it('finds a company by a short alias, as a whole word in capitals, and flags a retreat', () => {
    const result = tag('AWS to close Shanghai lab');
    expect(result).toMatchObject({ companies: ['aws'], possibleRetreat: true, kept: true });
    expect(result.reasons).toEqual(expect.arrayContaining(['company: Amazon Web Services (alias "AWS")', 'china context: "shanghai"']));
    expect(result.reasons.some((reason) => reason.startsWith('possible retreat'))).toBe(true);
  });

  it('reads a French item: company, retreat verb, Chinese context', () => {
    const result = tag('Microsoft ferme son laboratoire de Shanghai');
    expect(result).toMatchObject({ companies: ['microsoft'], possibleRetreat: true, kept: true });
    expect(result.reasons).toContain('company: Microsoft');
    expect(result.reasons).toContain('possible retreat: "ferme"');
  });

  it('prefers the longest name: "Amazon Web Services" is AWS, not also Amazon', () => {
    expect(tag('Amazon Web Services expands in Europe').companies).toEqual(['aws']);
    expect(tag('Amazon and IBM expand in Europe').companies).toEqual(['amazon', 'ibm']);
  });

  it('matches acronyms letter for letter and names only as whole, capitalised words', () => {
    expect(tag('Why aws matters to the cloud').companies).toEqual([]);
    expect(tag('The MSFT share price in China').companies).toEqual(['microsoft']);
    expect(tag('Microsoftland opens').companies).toEqual([]);
    expect(tag('MICROSOFT CLOSES BEIJING LAB').companies).toEqual(['microsoft']);
  });

  it('is not fooled by "the Oracle of Omaha", oracles, or the Amazon rainforest', () => {
    const richer = richerKb();
    expect(tag('The Oracle of Omaha trims his Apple stake', '', richer).companies).toEqual([]);
    expect(tag('Ancient oracles and the oracle bones of China', '', richer).companies).toEqual([]);
    expect(tag('Fires spread across the Amazon rainforest').companies).toEqual([]);
    expect(tag('Oracle to shut Beijing office', '', richer)).toMatchObject({ companies: ['oracle'], possibleRetreat: true });
  });

  it('does not keep a company mentioned outside the subject', () => {
    const result = tag('Microsoft releases a new Windows update');
    expect(result.companies).toEqual(['microsoft']);
    expect(result.kept).toBe(false);
    expect(result.score).toBeLessThan(DEFAULT_RELEVANCE_THRESHOLD);
  });
});

describe('tagItem: dimensions and context', () => {
  const richer = richerKb();

  it('finds a dimension by an English or French keyword, plural or not, and says which', () => {
    const result = tag('Nvidia resumes H20 sales to China', '', richer);
    expect(result.dimensions).toEqual(['compute']);
    expect(result.reasons).toContain('dimension: compute (keyword "h20")');
    expect(result.kept).toBe(true);
    expect(tag('Les puces et semi-conducteurs chinois', '', richer).dimensions).toEqual(['compute']);
    expect(tag('New GPUs from Pékin', '', richer)).toMatchObject({ dimensions: ['compute'], kept: true });
    expect(tag('Huawei unveils AI chips', '', richer).reasons).toContain('dimension: compute (keyword "AI chip")');
  });

  it('reads the summary as well as the title', () => {
    const result = tag('A quiet week in tech', 'IBM confirmed it will shut its research centre in Beijing.');
    expect(result).toMatchObject({ companies: ['ibm'], possibleRetreat: true, kept: true });
  });

  it('folds case and accents for the Chinese context', () => {
    for (const title of ['PÉKIN durcit le ton', 'pekin durcit le ton', 'Sino-US talks stall', 'La Chine riposte']) {
      expect(tag(title).reasons.some((reason) => reason.startsWith('china context'))).toBe(true);
    }
  });

  it('keeps an item on the vocabulary of the split alone, but not on a Chinese place alone', () => {
    expect(tag('Commerce adds 12 firms to the Entity List')).toMatchObject({ kept: true, reasons: ['decoupling: "entity list"'] });
    expect(tag('New export controls hit chip tools').kept).toBe(true);
    expect(tag('Shanghai marathon draws record crowds').kept).toBe(false);
    expect(tag('Le numéro 20 bis de la rue').reasons).toEqual([]);
    expect(tag('The BIS tightens rules').reasons).toContain('decoupling: "bis"');
  });

  it('leaves a sports item out, with no reasons', () => {
    expect(tag('Lakers beat Celtics in overtime thriller', 'LeBron James scored 40 points.')).toEqual({
      companies: [], dimensions: [], score: 0, reasons: [], possibleRetreat: false, kept: false,
    });
  });

  it('takes another threshold', () => {
    expect(tagItem(kb, { title: 'AWS to close Shanghai lab', summary: '' }, { threshold: 100 }).kept).toBe(false);
    expect(tagItem(kb, { title: 'Microsoft releases a new Windows update', summary: '' }, { threshold: 1 }).kept).toBe(true);
  });
});

describe('tagItem: possible retreats', () => {
  it('needs a retreat action, a company and a Chinese context', () => {
    expect(tag('Microsoft closes Dublin office').possibleRetreat).toBe(false);
    expect(tag('Microsoft expands in Shanghai').possibleRetreat).toBe(false);
    expect(tag('Shanghai lab closes').possibleRetreat).toBe(false);
    expect(tag('Beijing bans Micron chips').possibleRetreat).toBe(false);
  });

  it('guesses an unknown company from a capitalised name before the action', () => {
    const result = tag('Nokia closes Shenzhen plant, cutting 300 jobs');
    expect(result).toMatchObject({ companies: [], possibleRetreat: true });
    expect(tag('Licenciements massifs: Ubisoft quitte la Chine').possibleRetreat).toBe(true);
  });

  it('names the guessed company: the run of capitalised words before the action, never a headline word or a place', () => {
    expect(retreatSubject({ title: 'Acme Robotics closes its Shanghai lab and lays off staff', summary: '' })).toBe('Acme Robotics');
    expect(retreatSubject({ title: 'Exclusive: Nokia to shut Shenzhen plant', summary: '' })).toBe('Nokia');
    expect(retreatSubject({ title: 'Licenciements massifs : Ubisoft quitte la Chine', summary: '' })).toBe('Ubisoft');
    expect(retreatSubject({ title: 'Thalès Alenia ferme son bureau de Pékin', summary: '' })).toBe('Thales Alenia');
    expect(retreatSubject({ title: 'A quiet week', summary: 'Analysts were surprised. Zeta Labs withdrew from Beijing.' })).toBe('Zeta Labs');
    expect(retreatSubject({ title: 'Acme Robotics closes its Dublin lab', summary: '' })).toBeUndefined();
    expect(retreatSubject({ title: 'Shanghai lab closes', summary: '' })).toBeUndefined();
  });
});

describe('tagItem at scale', () => {
  it('against a large knowledge base, names the very copy of each company an item mentions and tags the rest as a small base does', () => {
    // Speed is the bench's (tagging runs inside the measured digest pipeline); here, correctness at scale: 20 copies
    // of every company ("Microsoft", "Microsoft 1" … "Microsoft 19"), each item naming one copy of Microsoft by name
    // and one of AWS by alias. Expected: what the 5-company fixture gives for the same text with the first copies'
    // names, with the ids and names of the copies mentioned.
    const copies = 20;
    const large = buildKnowledgeBase(scaleData(fixtureData(), copies));
    const suffix = (copy: number) => (copy === 0 ? '' : ` ${copy}`);
    const idOf = (id: string, copy: number) => (copy === 0 ? id : `${id}-x${copy}`);
    const text = (n: number, microsoft: string, aws: string) => ({
      title: `Firm ${n} to close Shanghai lab as export controls bite`,
      summary: `${'Analysts expect more departures this year. '.repeat(8)}${microsoft} and ${aws} declined to comment.`,
    });
    for (let n = 0; n < 5000; n++) {
      const [ms, aws] = [n % copies, (n * 7 + 3) % copies];
      const base = tagItem(kb, text(n, 'Microsoft', 'AWS'));
      expect(base).toMatchObject({ companies: ['microsoft', 'aws'], kept: true });
      const expected = {
        ...base,
        companies: [idOf('microsoft', ms), idOf('aws', aws)],
        reasons: base.reasons.map((reason) =>
          reason === 'company: Microsoft' ? `company: Microsoft${suffix(ms)}`
            : reason === 'company: Amazon Web Services (alias "AWS")' ? `company: Amazon Web Services${suffix(aws)} (alias "AWS${suffix(aws)}")`
              : reason),
      };
      const result = tagItem(large, text(n, `Microsoft${suffix(ms)}`, `AWS${suffix(aws)}`));
      expect(result, `item ${n}`).toEqual(expected);
    }
  });
});

describe('reasons in the reader’s language', () => {
  it('translates every reason label and the keyword note, keeping the matched words', () => {
    const kb = fixtureKb();
    const result = tagItem(kb, { title: 'AWS to close its Shanghai lab as export control rules bite', summary: '' });
    const fr = result.reasons.map((reason) => localizeReason(reason, 'fr'));
    expect(fr).toContain('entreprise\u00a0: Amazon Web Services (alias "AWS")');
    expect(fr).toContain('contexte chinois\u00a0: "shanghai"');
    expect(fr.some((reason) => reason.startsWith('retrait possible\u00a0: '))).toBe(true);
    expect(localizeReason('dimension: compute (keyword "h20")', 'fr')).toBe('dimension\u00a0: compute (mot-clé "h20")');
    expect(localizeReason('decoupling: "entity list"', 'fr')).toBe('découplage\u00a0: "entity list"');
    expect(result.reasons.map((reason) => localizeReason(reason, 'en'))).toEqual(result.reasons);
  });
});

describe('tagItem on the real knowledge base', () => {
  const real = loadRealKb();

  it('keeps a Huawei chip story and an SMIC story, with their company tagged', async () => {
    const kb = await real;
    const huawei = tagItem(kb, { title: 'Huawei unveils new AI chip for data centers', summary: '' });
    expect(huawei).toMatchObject({ companies: ['huawei'], kept: true });
    expect(huawei.reasons).toContain('company: Huawei');
    const smic = tagItem(kb, { title: 'SMIC ramps up output of 7nm chips', summary: '' });
    expect(smic).toMatchObject({ companies: ['smic'], kept: true });
    expect(tagItem(kb, { title: 'Huawei dévoile une nouvelle puce d’IA', summary: '' })).toMatchObject({ companies: ['huawei'], kept: true });
  });

  it('knows the new actors by alias, ticker and former name', async () => {
    const kb = await real;
    expect(tagItem(kb, { title: 'Hon Hai to build iPhone plant in India', summary: '' }).companies).toEqual(['foxconn', 'apple']);
    expect(tagItem(kb, { title: 'Facebook parent sued in Texas', summary: '' }).companies).toEqual(['meta']);
    expect(tagItem(kb, { title: 'TSMC and ASML shares rally', summary: '' }).companies).toEqual(['tsmc', 'asml']);
    expect(tagItem(kb, { title: 'MOFCOM adds US firms to Unreliable Entity List', summary: '' }).companies).toEqual(['cn-mofcom']);
  });

  it('leaves out names that mean something else: a Hong Kong politician, a racing driver', async () => {
    const kb = await real;
    expect(tagItem(kb, { title: 'Carrie Lam visits Beijing', summary: '' }).companies).toEqual([]);
    expect(tagItem(kb, { title: 'Kimi Antonelli wins the Chinese Grand Prix', summary: '' }).companies).toEqual([]);
  });
});
