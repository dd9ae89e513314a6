/** Look-alikes outside GSM 03.38 that force UCS-2, and their GSM-safe replacements. */
const MAP: Record<string, string> = {
  '\u2018': "'",
  '\u2019': "'",
  '\u201A': "'",
  '\u201B': "'",
  '\u2032': "'",
  '\u201C': '"',
  '\u201D': '"',
  '\u201E': '"',
  '\u201F': '"',
  '\u2033': '"',
  '\u00AB': '"',
  '\u00BB': '"',
  '\u2013': '-',
  '\u2014': '-',
  '\u2015': '-',
  '\u2212': '-',
  '\u2010': '-',
  '\u2011': '-',
  '\u2026': '...',
  '\u00A0': ' ',
  '\u2009': ' ',
  '\u200A': ' ',
  '\u202F': ' ',
  '\u2002': ' ',
  '\u2003': ' ',
  '\u2022': '-',
  '\u00B7': '-',
  '\u200B': '',
  '\uFEFF': '',
  '\u00E7': '\u00C7',
};

/** Replaces smart quotes, dashes, ellipses and special spaces with GSM-7 equivalents. */
export function transliterateToGsm(text: string): string {
  return text.replace(
    /[\u2018\u2019\u201A\u201B\u2032\u201C-\u201F\u2033\u00AB\u00BB\u2013-\u2015\u2212\u2010\u2011\u2026\u00A0\u2009\u200A\u202F\u2002\u2003\u2022\u00B7\u200B\uFEFF\u00E7]/g,
    (c) => MAP[c] ?? c,
  );
}
