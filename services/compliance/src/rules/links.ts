/** Public URL shorteners: carriers filter them and they hide the destination (COMPLIANCE.md). */
const SHORTENERS = new Set([
  'bit.ly',
  'tinyurl.com',
  'goo.gl',
  't.co',
  'ow.ly',
  'is.gd',
  'buff.ly',
  'rebrand.ly',
  'cutt.ly',
  'shorturl.at',
  'tiny.cc',
  'rb.gy',
  'bl.ink',
  's.id',
  't.ly',
  'lnkd.in',
  'soo.gd',
  'v.gd',
  'qr.ae',
  'adf.ly',
  'bit.do',
  'mcaf.ee',
  'su.pr',
  'x.co',
  'zpr.io',
  'tiny.one',
  'shorte.st',
  'clck.ru',
  'u.to',
  'short.io',
]);

const code = (c: string | undefined): number => (c === undefined ? -1 : c.charCodeAt(0));
const isDigit = (n: number): boolean => n >= 48 && n <= 57;
const isLetterCode = (n: number): boolean => (n >= 65 && n <= 90) || (n >= 97 && n <= 122);
const isLetter = (c: string | undefined): boolean => isLetterCode(code(c));
const isLabel = (c: string | undefined): boolean => {
  const n = code(c);
  return isLetterCode(n) || isDigit(n) || n === 45; // '-'
};
// A regular expression's \b without the u flag: ASCII word characters.
const isWord = (c: string | undefined): boolean => {
  const n = code(c);
  return isLetterCode(n) || isDigit(n) || n === 95; // '_'
};
const boundaryAt = (t: string, i: number): boolean => isWord(t[i - 1]) !== isWord(t[i]);

/** The first index of `marker` (any case) at a word boundary with something after it. */
function markerStart(token: string, lower: string, marker: string): number {
  for (let i = lower.indexOf(marker); i >= 0; i = lower.indexOf(marker, i + 1))
    if (boundaryAt(token, i) && token.length > i + marker.length) return i;
  return -1;
}

/**
 * The leftmost start of `labels.tld/` whose slash is at `slash`, scanned backwards once: the
 * TLD's 2+ letters, then dot-separated labels; the start is the first position inside them at
 * a word boundary. -1 when there is none.
 */
function domainStartBefore(token: string, slash: number): number {
  let tld = slash;
  while (isLetter(token[tld - 1])) tld--;
  const dot = tld - 1;
  if (slash - tld < 2 || token[dot] !== '.') return -1;
  let chain = dot;
  for (let j = dot; token[j] === '.';) {
    let k = j;
    while (isLabel(token[k - 1])) k--;
    if (k === j) break;
    chain = k;
    j = k - 1;
  }
  for (let s = chain; s < dot; s++) if (token[s] !== '.' && boundaryAt(token, s)) return s;
  return -1;
}

/**
 * Where the link inside one whitespace-free token starts, if it has one: the leftmost of a
 * scheme, `www.` or a domain followed by a path (the link then runs to the token's end).
 */
function linkStart(token: string): number {
  const firstSlash = token.indexOf('/');
  // Without a slash only `www.` can start a link (its dot is at index 3 or later): most words
  // of a text end here.
  if (firstSlash < 0 && (token.lastIndexOf('.') < 3 || !/www\./i.test(token))) return -1;
  const lower = token.toLowerCase();
  let best = minStart(-1, markerStart(token, lower, 'http://'));
  best = minStart(best, markerStart(token, lower, 'https://'));
  best = minStart(best, markerStart(token, lower, 'www.'));
  // A later slash's domain starts after the earlier slash: the first domain found is leftmost.
  for (let slash = firstSlash; slash >= 0; slash = token.indexOf('/', slash + 1)) {
    const start = domainStartBefore(token, slash);
    if (start >= 0) return minStart(best, start);
  }
  return best;
}

/** The smaller of two starts, -1 meaning none. */
const minStart = (a: number, b: number): number => (a < 0 ? b : b < 0 ? a : Math.min(a, b));

/**
 * Every link in a text, one scan of each whitespace-separated token: linear in the text's
 * length (a regular expression over the whole text backtracked quadratically on inputs such
 * as 5,000 repetitions of `a.`, and bodies come from tenants).
 */
export function findLinks(text: string): string[] {
  const links: string[] = [];
  const tokens = /\S+/g;
  for (let m = tokens.exec(text); m !== null; m = tokens.exec(text)) {
    const token = m[0];
    const start = linkStart(token);
    if (start >= 0) links.push(token.slice(start));
  }
  return links;
}

/** The host of a link, lower-cased, without www. */
export function linkHost(link: string): string {
  return (
    link
      .replace(/^https?:\/\//i, '')
      .replace(/^www\./i, '')
      .split(/[/?#:]/)[0]
      ?.toLowerCase() ?? ''
  );
}

/** True when the link goes through a public shortener. */
export function isShortener(link: string): boolean {
  return SHORTENERS.has(linkHost(link));
}
