import type { Locale } from '../../src/i18n/locale.ts';
import type { EventCategory } from '../../src/kb/schema/index.ts';
import type { KnowledgeBase } from '../../src/kb/types.ts';
import { renderAbout, type AboutStats } from '../../src/render/about.ts';
import { renderBalance } from '../../src/render/balance.ts';
import { renderCompany } from '../../src/render/company.ts';
import { renderDimension } from '../../src/render/dimension.ts';
import type { MessagePayload } from '../../src/render/payload.ts';
import { renderRetreats } from '../../src/render/retreats.ts';

/** The about counts, computed plainly here (the query core has its own tests). */
export function statsOf(kb: KnowledgeBase): AboutStats {
  const eventsByCategory: Record<EventCategory, number> = { retreat: 0, acceleration: 0, 'export-control': 0, countermeasure: 0, context: 0 };
  for (const event of kb.events) eventsByCategory[event.category] += 1;
  const actors = [...kb.companies.values()];
  return {
    companies: actors.filter((c) => c.type === 'company').length,
    governments: actors.filter((c) => c.type === 'government').length,
    associations: actors.filter((c) => c.type === 'association').length,
    eventsByCategory,
    dimensions: kb.dimensions.length,
    indicators: kb.dimensions.reduce((sum, d) => sum + d.indicators.length, 0),
    sources: kb.sources.size,
    latestFactDate: kb.events[0]?.date ?? '',
    foundingArticles: [...kb.sources.values()].filter((s) => s.foundingArticle === true),
  };
}

/** Every answer the bot can give from this knowledge base, each as its pages. */
export function renderEverything(kb: KnowledgeBase, locale: Locale): { what: string; pages: MessagePayload[] }[] {
  const answers: { what: string; pages: MessagePayload[] }[] = [];
  const retreats = kb.events.filter((e) => e.category === 'retreat');
  answers.push({ what: 'retreats', pages: renderRetreats(kb, retreats, { locale, filters: {} }) });
  answers.push({ what: 'retreats, none', pages: renderRetreats(kb, [], { locale, filters: { since: '2099' } }) });
  for (const company of kb.companies.values()) {
    const family = new Set([company.id, ...[...kb.companies.values()].filter((c) => c.parent === company.id).map((c) => c.id)]);
    const events = kb.events.filter((e) => family.has(e.actor) || (e.companies ?? []).some((id) => family.has(id)));
    const dimensions = kb.dimensions.filter((d) => events.some((e) => e.dimensions.includes(d.id)));
    answers.push({ what: `company ${company.id}`, pages: renderCompany(kb, company, events, dimensions, locale) });
    answers.push({
      what: `retreats of ${company.id}`,
      pages: renderRetreats(kb, events.filter((e) => e.category === 'retreat'), { locale, filters: { company } }),
    });
  }
  for (const dimension of kb.dimensions) {
    answers.push({ what: `dimension ${dimension.id}`, pages: renderDimension(kb, dimension, kb.events.filter((e) => e.dimensions.includes(dimension.id)), locale) });
  }
  answers.push({ what: 'balance', pages: renderBalance(kb, locale) });
  answers.push({ what: 'about', pages: renderAbout(kb, statsOf(kb), locale) });
  return answers;
}
