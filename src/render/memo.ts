import type { Locale } from '../i18n/locale.ts';
import { perKnowledgeBase } from '../kb/indexes.ts';
import type { KnowledgeBase } from '../kb/types.ts';

/**
 * Memoizes the rendering of one knowledge-base item (an event, a dimension, a source) per knowledge base,
 * locale and item, the item compared by identity. The kb is immutable once loaded, so the rendering never
 * changes; it is dropped with the kb. `render` must be pure and its result must never be mutated.
 */
export function memoPerItem<T extends object, V>(
  render: (kb: KnowledgeBase, item: T, locale: Locale) => V,
): (kb: KnowledgeBase, item: T, locale: Locale) => V {
  const caches = perKnowledgeBase((): Record<Locale, WeakMap<T, V>> => ({ en: new WeakMap(), fr: new WeakMap() }));
  return (kb, item, locale) => {
    const cache = caches(kb)[locale];
    let value = cache.get(item);
    if (value === undefined) {
      value = render(kb, item, locale);
      cache.set(item, value);
    }
    return value;
  };
}
