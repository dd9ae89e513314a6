/**
 * Offensive, discriminatory and harassing words per language, beyond the English dataset of the
 * `obscenity` library. Compiled by the project from common profanity and slur lists of each
 * language (Wiktionary's vulgar and offensive categories); each entry is matched as a whole word
 * after the same normalisation as tenant lists (case, accents, l33t, spaced letters), with an
 * optional plural or feminine ending. A tenant extends them with `blockedWords` and relaxes
 * them with `allowedWords` (tenants file).
 */
export const OFFENSIVE_WORDS: Readonly<Record<string, readonly string[]>> = {
  fr: [
    ...['merde', 'putain', 'connard', 'connasse', 'salope', 'encule', 'pute', 'batard'],
    ...['nique ta mere', 'niquer', 'ta gueule', 'fils de pute', 'enfoire', 'salaud', 'pouffiasse'],
    ...['bougnoule', 'pede', 'negre', 'youpin', 'bicot', 'gouine', 'trou du cul'],
  ],
  es: [
    ...['mierda', 'puta', 'puto', 'cabron', 'gilipollas', 'pendejo', 'joder', 'hijo de puta'],
    ...['culero', 'chinga tu madre', 'chingada', 'malparido', 'hijueputa', 'concha tu madre'],
    ...['maricon', 'sudaca', 'panchito', 'negrata', 'bollera', 'subnormal'],
  ],
  de: [
    ...['scheisse', 'scheiße', 'arschloch', 'fotze', 'wichser', 'hurensohn', 'schlampe'],
    ...['ficken', 'fick dich', 'missgeburt', 'spast', 'spasti', 'drecksau', 'fresse'],
    ...['schwuchtel', 'kanake', 'neger', 'kameltreiber', 'judensau', 'mongo', 'hure'],
  ],
  pt: [
    ...['merda', 'porra', 'caralho', 'puta', 'filho da puta', 'foda se', 'fodase', 'foder'],
    ...['buceta', 'arrombado', 'otario', 'babaca', 'cacete', 'vai tomar no cu', 'desgracado'],
    ...['viado', 'sapatao', 'crioulo', 'puta que pariu', 'vagabunda'],
  ],
  it: [
    ...['cazzo', 'merda', 'stronzo', 'stronza', 'vaffanculo', 'fanculo', 'puttana', 'troia'],
    ...['minchia', 'coglione', 'figa', 'porco dio', 'bastardo', 'testa di cazzo', 'zoccola'],
    ...['frocio', 'ricchione', 'terrone', 'negro di merda', 'mongoloide', 'cornuto'],
  ],
};

/**
 * Words that mark a text's language, to choose its lists when the language is not declared:
 * short function words, frequent in any message and rarely shared between these languages.
 */
export const LANGUAGE_MARKERS: Readonly<Record<string, readonly string[]>> = {
  en: ['the', 'and', 'you', 'your', 'is', 'are', 'for', 'with', 'this', 'to', 'of', 'we'],
  fr: ['le', 'les', 'des', 'est', 'et', 'vous', 'votre', 'pour', 'pas', 'une', 'avec', 'nous'],
  es: ['el', 'los', 'las', 'es', 'y', 'usted', 'su', 'para', 'una', 'con', 'por', 'del'],
  de: ['der', 'die', 'das', 'und', 'ist', 'sie', 'ihr', 'fur', 'nicht', 'mit', 'ein', 'auf'],
  pt: ['o', 'os', 'voce', 'seu', 'sua', 'uma', 'com', 'nao', 'do', 'da', 'em', 'e'],
  it: ['il', 'gli', 'lei', 'suo', 'per', 'una', 'con', 'non', 'che', 'della', 'sono', 'di'],
};
