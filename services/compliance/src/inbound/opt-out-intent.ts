import {
  DETERMINERS,
  DISOWNING_PHRASES,
  ENDING_VERBS,
  ENOUGH,
  FILLERS,
  MESSAGING_NOUN_STEMS,
  MESSAGING_VERB_STEMS,
  NEGATIONS,
  NO_MORE,
  OPT_OUT_WORDS,
  RECIPIENT_OBJECTS,
  SEPARABLE_VERBS,
  THIS_OBJECTS,
  WANTING_VERBS,
} from './lexicon.js';

type Clause = readonly string[];

/** How far a verb may be from its object ("stop sending me all of these texts"). */
const OBJECT_REACH = 5;
/** Words that extend a refusal in time ("don't text me again"). */
const LATER = new Set(['again', 'anymore', 'longer', 'ever']);

/**
 * Lower-case tokens without accents, per clause. Clauses end at sentence punctuation, commas
 * and dashes between words, so "This is spam, stop" has a clause that is only a keyword. English
 * contractions are joined ("don't" → "dont"); other apostrophes split ("m'envoyer" → "m envoyer").
 */
export function tokenizeClauses(text: string): Clause[] {
  const plain = text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .replace(/(\p{L})['’ʼ](t|s|m|re|ve|ll|d)(?!\p{L})/gu, '$1$2')
    .replace(/\s[-–—]+\s|[–—]/g, '.');
  return plain
    .split(/[.,;:!?¡¿()[\]"“”\n]+/)
    .map((c) => joinSeparable(c.match(/[\p{L}\p{N}]+/gu) ?? []))
    .filter((c) => c.length > 0);
}

function joinSeparable(tokens: string[]): string[] {
  for (const v of SEPARABLE_VERBS) {
    const head = tokens.findIndex((t) => v.heads.includes(t));
    const particle = tokens.indexOf(v.particle, head + 1);
    if (head >= 0 && particle > head) tokens[particle] = v.as;
  }
  return tokens;
}

const startsWithAny = (token: string, stems: readonly string[]): boolean =>
  stems.some((s) => token.startsWith(s));
const isMessagingVerb = (t: string): boolean => startsWithAny(t, MESSAGING_VERB_STEMS);
const isMessagingNoun = (t: string): boolean => startsWithAny(t, MESSAGING_NOUN_STEMS);

/** True when a negation sits just before position `i` ("don't stop", "please do not cancel"). */
function negatedAt(clause: Clause, i: number): boolean {
  return [1, 2].some((d) => NEGATIONS.has(clause[i - d] ?? ''));
}

/** The first word after `i` that is not a determiner, pronoun of the addressee or filler. */
function objectAfter(clause: Clause, i: number): { token: string } | undefined {
  for (let j = i + 1; j < Math.min(clause.length, i + 1 + OBJECT_REACH); j++) {
    const t = clause[j] as string;
    if (DETERMINERS.has(t) || FILLERS.has(t)) continue;
    return { token: t };
  }
  return undefined;
}

const onlyFillersAfter = (clause: Clause, i: number): boolean =>
  clause.slice(i + 1).every((t) => FILLERS.has(t));

/**
 * An ending verb whose object is the messages ("cancel these texts"), the act of messaging
 * ("stop sending me …", "dejen de mandarme"), the recipient or the number ("remove me",
 * "delete my number"), or "it/this" at the end ("stop it"). "Stop by", "cancel my order",
 * "remove the charge" and a negated verb ("don't stop") are not.
 */
function endsTheMessages(clause: Clause): boolean {
  return clause.some((t, i) => {
    const verb = ENDING_VERBS.get(t);
    if (!verb || negatedAt(clause, i)) return false;
    if (verb.needs && !clause.slice(i + 1).includes(verb.needs)) return false;
    const next = clause.slice(i + 1).find((n) => !FILLERS.has(n));
    if (next && THIS_OBJECTS.has(next) && onlyFillersAfter(clause, clause.indexOf(next, i + 1)))
      return true;
    const object = objectAfter(clause, i);
    if (!object) return false;
    if (isMessagingVerb(object.token) || isMessagingNoun(object.token)) return true;
    return RECIPIENT_OBJECTS.has(object.token);
  });
}

/** A word that means opting out wherever it stands, unless negated ("don't unsubscribe me"). */
function namesOptingOut(clause: Clause): boolean {
  return clause.some((t, i) => OPT_OUT_WORDS.has(t) && !negatedAt(clause, i));
}

/**
 * A negated verb of messaging aimed at the recipient or time ("don't text me again", "ne
 * m'envoyez plus", "no me envíen más"), or a negated wish for the messages ("I don't want these
 * texts", "je ne veux plus recevoir vos SMS").
 */
function refusesTheMessages(clause: Clause): boolean {
  return clause.some((t, i) => {
    if (!NEGATIONS.has(t)) return false;
    const after = clause.slice(i + 1, i + 1 + OBJECT_REACH);
    return messagingRefused(clause.slice(i + 1), after) || wishRefused(clause, i, after);
  });
}

function messagingRefused(rest: Clause, after: Clause): boolean {
  const verb = after.findIndex(isMessagingVerb);
  if (verb < 0) return false;
  // "don't stop sending me deals" wants the messages: the negation belongs to "stop".
  if (after.slice(0, verb).some((a) => ENDING_VERBS.has(a))) return false;
  return rest.some((r) => RECIPIENT_OBJECTS.has(r) || NO_MORE.has(r) || LATER.has(r));
}

function wishRefused(clause: Clause, i: number, after: Clause): boolean {
  const wish = after.findIndex((a) => WANTING_VERBS.has(a));
  return wish >= 0 && clause.slice(i + 2 + wish, i + 8 + wish).some(isMessagingNoun);
}

/** "No more texts", "plus de SMS", "keine Nachrichten mehr", "basta messaggi". */
function noMoreMessages(clause: Clause): boolean {
  return clause.some((t, i) => {
    const opens = NO_MORE.has(t) || ENOUGH.has(t);
    return opens && clause.slice(i + 1, i + 3).some(isMessagingNoun);
  });
}

function disowns(clause: Clause): boolean {
  const text = ` ${clause.join(' ')} `;
  return DISOWNING_PHRASES.some((p) => text.includes(` ${p} `));
}

/**
 * True when a free-text reply means "stop texting me", by the role its words play rather than
 * by listed phrases (see `lexicon.ts`).
 */
export function meansOptOut(clauses: readonly Clause[]): boolean {
  return clauses.some(
    (c) =>
      namesOptingOut(c) ||
      endsTheMessages(c) ||
      refusesTheMessages(c) ||
      noMoreMessages(c) ||
      disowns(c),
  );
}
