/** Phrases that count as an opt-out instruction, per language (COMPLIANCE.md). */
const INSTRUCTIONS: Record<string, RegExp[]> = {
  en: [
    /\b(?:reply|text|txt|send|respond(?:\s+with)?)\s+["']?stop["']?\b/i,
    /\bstop\s+to\s+(?:opt[\s-]?out|unsubscribe|end|cancel|quit)\b/i,
    /\bunsubscribe\s*:/i,
  ],
  fr: [/\bstop\s+au\s+\d{3,}/i, /\br[ée]pondez\s+stop\b/i, /\benvoyez\s+stop\b/i],
  es: [/\bresponde\s+(?:stop|baja)\b/i, /\benv[íi]a\s+(?:stop|baja)\b/i],
  de: [/\bantworte[n]?\s+(?:sie\s+)?(?:mit\s+)?stop\b/i, /\bstop\s+an\s+\d{3,}/i],
  pt: [/\bresponda\s+(?:stop|sair|parar)\b/i, /\benvie\s+(?:stop|sair|parar)\b/i],
  it: [/\brispondi\s+(?:stop|basta)\b/i, /\binvia\s+(?:stop|basta)\b/i],
};

/** The footer appended when the tenant asks for it; `{number}` is the sender the reply goes to. */
const ENGLISH_FOOTER = 'Reply STOP to opt out';
const FOOTERS: Record<string, string> = {
  en: ENGLISH_FOOTER,
  fr: 'STOP au {number}',
  es: 'Responde STOP para darte de baja',
  de: 'Antworte STOP zum Abmelden',
  pt: 'Responda STOP para sair',
  it: 'Rispondi STOP per disiscriverti',
};

/** Languages by recipient country, where it decides the language of the instruction. */
const COUNTRY_LANGUAGE: Record<string, string> = {
  FR: 'fr',
  BE: 'fr',
  LU: 'fr',
  MC: 'fr',
  ES: 'es',
  MX: 'es',
  AR: 'es',
  CO: 'es',
  CL: 'es',
  DE: 'de',
  AT: 'de',
  CH: 'de',
  PT: 'pt',
  BR: 'pt',
  AO: 'pt',
  MZ: 'pt',
  IT: 'it',
  SM: 'it',
};

/** The language of the recipient: from the country of the number, else the tenant's default. */
export function recipientLanguage(country: string | undefined, defaultLanguage: string): string {
  return (country && COUNTRY_LANGUAGE[country]) ?? defaultLanguage;
}

/** True when `body` carries an opt-out instruction (English is always accepted too). */
export function hasOptOutInstruction(body: string, language: string): boolean {
  const patterns = [
    ...(INSTRUCTIONS[language] ?? []),
    ...(language === 'en' ? [] : (INSTRUCTIONS.en ?? [])),
  ];
  return patterns.some((p) => p.test(body));
}

/** The footer for a language, with the reply number filled in. */
export function optOutFooter(language: string, replyNumber: string): string {
  return (FOOTERS[language] ?? ENGLISH_FOOTER).replace('{number}', replyNumber);
}
