import { decodeHTML } from 'entities';

/**
 * Decodes character references as an HTML5 browser does in text: every named reference of the standard (`&check;`,
 * `&le;`), the legacy ones written without `;` (`&copy 2024`), numeric ones with Windows-1252 mapped in the C1 range
 * (`&#146;` is ’) and invalid code points as U+FFFD. Unknown names stay as written (`&unknown;`, `AT&T`).
 * The `entities` package does it from a compact trie, about ten times faster than our former table and regex.
 */
export function decodeEntities(text: string): string {
  return text.includes('&') ? decodeHTML(text) : text;
}
