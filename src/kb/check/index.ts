import { checkBalance } from './balance.ts';
import { checkCompanies } from './companies.ts';
import { checkDimensions } from './dimensions.ts';
import { checkEvents } from './events.ts';
import { checkFeeds } from './feeds.ts';
import type { Finding, ParsedFiles } from './findings.ts';
import { checkMeta } from './meta.ts';
import { firstById } from './refs.ts';
import { checkSources } from './sources.ts';

export { closest } from './closest.ts';
export type { Finding, ParsedFiles } from './findings.ts';
export { formatPath } from './path.ts';

/**
 * Cross-reference checks over the files that passed their schema: duplicate ids, references to unknown ids
 * (with a "did you mean" when one is close), corrections citing a non-founding article, parent loops,
 * events and indicators without a linked source, event sources published before their event, and names that
 * lookups could not tell apart.
 * A check runs only when every file it reads is present, so a broken file never causes bogus findings elsewhere.
 */
export function crossCheck(files: ParsedFiles): Finding[] {
  const sources = files['sources.json'] && firstById(files['sources.json']);
  return [
    ...(files['sources.json'] ? checkSources(files['sources.json']) : []),
    ...(files['companies.json'] ? checkCompanies(files['companies.json'], sources) : []),
    ...(files['events.json'] ? checkEvents(files, files['events.json']) : []),
    ...(files['dimensions.json'] ? checkDimensions(files['dimensions.json'], sources) : []),
    ...(files['balance.json'] ? checkBalance(files['balance.json'], sources) : []),
    ...(files['feeds.json'] ? checkFeeds(files['feeds.json']) : []),
    ...(files['meta.json'] ? checkMeta(files, files['meta.json']) : []),
  ];
}
