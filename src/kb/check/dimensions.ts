import type { Dimension, Source } from '../schema/index.ts';
import { reportAmbiguousNames } from './ambiguous-names.ts';
import { collector, type Finding } from './findings.ts';
import { listRefs, reportDuplicateIds, reportUnknown } from './refs.ts';
import { reportUnlinked } from './sourcing.ts';

export function checkDimensions(dimensions: readonly Dimension[], sources: ReadonlyMap<string, Source> | undefined): Finding[] {
  const out = collector('dimensions.json', dimensions);
  reportDuplicateIds(out, dimensions.map((d, i) => ({ id: d.id, at: [i] })));
  reportDuplicateIds(out, dimensions.flatMap((d, i) => d.indicators.map((ind, k) => ({ id: ind.id, at: [i, 'indicators', k] }))));
  dimensions.forEach((dimension, i) => {
    dimension.indicators.forEach((indicator, k) => {
      if (indicator.headline === true && dimension.indicators.findIndex((other) => other.headline === true) < k) {
        out.add([i, 'indicators', k, 'headline'], `dimension "${dimension.id}" has more than one headline indicator`);
      }
    });
  });
  if (sources !== undefined) {
    dimensions.forEach((dimension, i) => {
      reportUnknown(out, [{ at: [i, 'articleView', 'source'], id: dimension.articleView.source }], sources, 'source', 'sources.json');
      dimension.indicators.forEach((indicator, k) => {
        reportUnknown(out, listRefs([i, 'indicators', k, 'sources'], indicator.sources), sources, 'source', 'sources.json');
        reportUnlinked(out, [i, 'indicators', k, 'sources'], indicator.sources, sources, 'the indicator');
      });
    });
  }
  reportAmbiguousNames(
    out,
    dimensions.map((d, i) => ({
      at: [i],
      names: [
        { at: [i, 'name', 'en'], text: d.name.en },
        { at: [i, 'name', 'fr'], text: d.name.fr },
        ...d.aliases.map((text, k) => ({ at: [i, 'aliases', k], text })),
      ],
    })),
    'dimension',
  );
  return out.findings;
}
