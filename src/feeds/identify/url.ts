/** Query parameters that only say where a click came from. Compared in lower case. */
const TRACKING_PARAMS = new Set([
  'fbclid', 'gclid', 'gclsrc', 'dclid', 'msclkid', 'yclid', 'igshid', 'twclid', 'mc_cid', 'mc_eid', 'mkt_tok',
  'ref', 'ref_src', 'ref_url', 'referrer', 'cmpid', 'cmp', 'icid', 'ncid', 'ocid', 'smid', 'smtyp', 'sr_share',
  'soc_src', 'soc_trk', 'xtor', 'spm', '_ga', '_gl', 's_cid', 'wt.mc_id', 'outputtype', 'amp',
]);
const TRACKING_PREFIXES = ['utm_', 'pk_', 'mtm_', 'at_', 'hsa_'];

function isTrackingParam(name: string): boolean {
  const lower = name.toLowerCase();
  return TRACKING_PARAMS.has(lower) || TRACKING_PREFIXES.some((prefix) => lower.startsWith(prefix));
}

/**
 * The form of a URL that two copies of the same link share: http and https alike, host in lower case
 * without "www.", no default port, fragment, tracking parameters or trailing slash, remaining parameters
 * sorted, simple AMP variants ("/amp", "?outputType=amp", "?amp=1") folded. Not meant to be opened.
 * Anything that is not an http(s) URL comes back trimmed and otherwise unchanged.
 */
export function normalizeUrl(url: string): string {
  const trimmed = url.trim();
  let parsed: URL;
  try {
    parsed = new URL(trimmed);
  } catch {
    return trimmed;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return trimmed;
  const host = parsed.hostname.replace(/^www\./, '').replace(/\.$/, '');
  const port = parsed.port === '' || parsed.port === '80' || parsed.port === '443' ? '' : `:${parsed.port}`;
  const path = parsed.pathname.replace(/\/amp\/?$/i, '').replace(/\/+$/, '');
  const params = [...parsed.searchParams].filter(([name]) => !isTrackingParam(name));
  params.sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0));
  const query = new URLSearchParams(params).toString();
  return `https://${host}${port}${path || '/'}${query ? `?${query}` : ''}`;
}
