import type { Locale } from '../../src/i18n/locale.ts';
import type { EventCategory } from '../../src/kb/schema/index.ts';
import type { KnowledgeBase } from '../../src/kb/types.ts';
import { renderAbout, type AboutStats } from '../../src/render/about.ts';
import { renderBalance } from '../../src/render/balance.ts';
import { renderCompany } from '../../src/render/company.ts';
import { renderDimension } from '../../src/render/dimension.ts';
import type { MessagePayload } from '../../src/render/payload.ts';
import { renderEventCard, renderRetreats } from '../../src/render/retreats.ts';
import { renderRetreatsOverview, type OverviewControls } from '../../src/render/retreats-overview.ts';

/** Controls as the Discord layer would name them, long enough to stand for the real ones. */
export const TEST_CONTROLS: OverviewControls = { menuId: (n) => `retreats:card:${n}`, exportId: `retreats:csv:${'c'.repeat(30)}:-:2023-05-17:2024-06-30` };

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
  answers.push({ what: 'retreats overview', pages: renderRetreatsOverview(kb, retreats, { locale, filters: {}, controls: TEST_CONTROLS }) });
  answers.push({ what: 'every event overview', pages: renderRetreatsOverview(kb, kb.events, { locale, filters: {}, controls: TEST_CONTROLS }) });
  answers.push({ what: 'retreats overview, none', pages: renderRetreatsOverview(kb, [], { locale, filters: { since: '2099' }, controls: TEST_CONTROLS }) });
  for (const event of kb.events.slice(0, 20)) answers.push({ what: `card ${event.id}`, pages: renderEventCard(kb, event, locale) });
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
