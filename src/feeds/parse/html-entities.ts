/** Named character references that news feeds actually use; others stay as written. */
const NAMED: Readonly<Record<string, number>> = {
  amp: 38, lt: 60, gt: 62, quot: 34, apos: 39, nbsp: 160, shy: 173,
  ensp: 8194, emsp: 8195, thinsp: 8201, zwnj: 8204, zwj: 8205, lrm: 8206, rlm: 8207,
  ndash: 8211, mdash: 8212, lsquo: 8216, rsquo: 8217, sbquo: 8218, ldquo: 8220, rdquo: 8221, bdquo: 8222,
  hellip: 8230, bull: 8226, middot: 183, prime: 8242, Prime: 8243, laquo: 171, raquo: 187, lsaquo: 8249, rsaquo: 8250,
  copy: 169, reg: 174, trade: 8482, deg: 176, plusmn: 177, times: 215, divide: 247, minus: 8722,
  frac12: 189, frac14: 188, frac34: 190, sup2: 178, sup3: 179, micro: 181, para: 182, sect: 167,
  euro: 8364, pound: 163, yen: 165, cent: 162, dollar: 36, percnt: 37, num: 35, commat: 64,
  iexcl: 161, iquest: 191, dagger: 8224, Dagger: 8225, larr: 8592, rarr: 8594, uarr: 8593, darr: 8595,
  agrave: 224, aacute: 225, acirc: 226, atilde: 227, auml: 228, aring: 229, aelig: 230, ccedil: 231,
  egrave: 232, eacute: 233, ecirc: 234, euml: 235, igrave: 236, iacute: 237, icirc: 238, iuml: 239,
  ntilde: 241, ograve: 242, oacute: 243, ocirc: 244, otilde: 245, ouml: 246, oslash: 248,
  ugrave: 249, uacute: 250, ucirc: 251, uuml: 252, yacute: 253, yuml: 255, szlig: 223, oelig: 339,
  Agrave: 192, Aacute: 193, Acirc: 194, Atilde: 195, Auml: 196, Aring: 197, AElig: 198, Ccedil: 199,
  Egrave: 200, Eacute: 201, Ecirc: 202, Euml: 203, Igrave: 204, Iacute: 205, Icirc: 206, Iuml: 207,
  Ntilde: 209, Ograve: 210, Oacute: 211, Ocirc: 212, Otilde: 213, Ouml: 214, Oslash: 216,
  Ugrave: 217, Uacute: 218, Ucirc: 219, Uuml: 220, Yacute: 221, Yuml: 376, OElig: 338,
};

/** Windows-1252 characters that feeds write as numeric references in the C1 range (&#146; for ’). */
const WINDOWS_1252: Readonly<Record<number, number>> = {
  128: 8364, 130: 8218, 131: 402, 132: 8222, 133: 8230, 134: 8224, 135: 8225, 136: 710, 137: 8240, 138: 352,
  139: 8249, 140: 338, 142: 381, 145: 8216, 146: 8217, 147: 8220, 148: 8221, 149: 8226, 150: 8211, 151: 8212,
  152: 732, 153: 8482, 154: 353, 155: 8250, 156: 339, 158: 382, 159: 376,
};

const REFERENCE = /&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|([A-Za-z][A-Za-z0-9]{1,31}));/g;

function fromCodePoint(code: number): string {
  const mapped = WINDOWS_1252[code] ?? code;
  if (mapped === 0 || mapped > 0x10ffff || (mapped >= 0xd800 && mapped <= 0xdfff)) return '\uFFFD';
  return String.fromCodePoint(mapped);
}

/** Decodes numeric references and common named ones; unknown names are left as written. */
export function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(REFERENCE, (reference, decimal?: string, hex?: string, name?: string) => {
    if (decimal !== undefined) return fromCodePoint(Number.parseInt(decimal, 10));
    if (hex !== undefined) return fromCodePoint(Number.parseInt(hex, 16));
    const code = name === undefined ? undefined : (NAMED[name] ?? NAMED[name.toLowerCase()]);
    return code === undefined ? reference : String.fromCodePoint(code);
  });
}
