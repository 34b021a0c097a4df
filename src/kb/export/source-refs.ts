/**
 * Every source id a piece of the knowledge base cites, in order of first appearance: the values of its
 * `sources` lists and of its `source` and `article` fields, at any depth. The schema names source references
 * only with these three keys, so a walk finds them all without knowing each record's shape.
 */
export function citedSourceIds(value: unknown, found: Set<string> = new Set()): Set<string> {
  if (Array.isArray(value)) {
    for (const item of value) citedSourceIds(item, found);
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, field] of Object.entries(value)) {
      if (key === 'sources' && Array.isArray(field)) {
        for (const id of field) if (typeof id === 'string') found.add(id);
      } else if ((key === 'source' || key === 'article') && typeof field === 'string') {
        found.add(field);
      } else {
        citedSourceIds(field, found);
      }
    }
  }
  return found;
}
