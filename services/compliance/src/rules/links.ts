/** A URL-ish token: scheme or www., or a bare domain with a path (bit.ly/abc). */
const LINK = /\b(?:https?:\/\/[^\s]+|www\.[^\s]+|(?:[a-z0-9-]+\.)+[a-z]{2,}\/[^\s]*)/gi;

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

/** Every link in a text. */
export function findLinks(text: string): string[] {
  return text.match(LINK) ?? [];
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
