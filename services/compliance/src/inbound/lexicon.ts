/**
 * Word classes of the opt-out classifier, in the languages the product writes footers in
 * (English, French, Spanish, German, Portuguese, Italian). Tokens are lower case without
 * accents (see `tokenizeClauses`). A word class names a role in a sentence, not a phrase: the
 * rules in `opt-out-intent.ts` combine roles, so "cancel these texts" and "dejen de mandarme
 * mensajes" are recognised without either being listed.
 */

/** Whole-reply keywords (COMPLIANCE.md, Keywords) and their translations, as token sequences. */
export const OPT_OUT_KEYWORDS: readonly string[] = [
  // English
  'stop',
  'unsubscribe',
  'unsub',
  'unsubs',
  'cancel',
  'end',
  'quit',
  'revoke',
  'optout',
  'opt out',
  'remove',
  'halt',
  'stp',
  // French
  'arret',
  'arrete',
  'arretez',
  'arrett',
  'td',
  'desabonner',
  'desabonnement',
  'desinscrire',
  'desinscription',
  'desinscrivez moi',
  // Spanish
  'baja',
  'dar de baja',
  'darme de baja',
  'dame de baja',
  'parar',
  'cancelar',
  'desuscribir',
  // German
  'stopp',
  'abmelden',
  'abbestellen',
  'austragen',
  'ende',
  // Portuguese
  'sair',
  'descadastrar',
  // Italian
  'basta',
  'cancella',
  'cancellami',
  'disiscrivimi',
  'disiscrivi',
  'disiscrizione',
];
export const OPT_OUT_ALL_KEYWORDS: readonly string[] = ['stopall', 'stop all'];
export const OPT_IN_KEYWORDS: readonly string[] = ['start', 'unstop'];
export const CONFIRM_KEYWORDS: readonly string[] = ['yes'];
export const HELP_KEYWORDS: readonly string[] = [
  'help',
  'info',
  'aide',
  'ayuda',
  'hilfe',
  'ajuda',
  'aiuto',
];

/** Politeness, urgency and greetings: they wrap a keyword without changing what it asks. */
export const FILLERS = new Set([
  ...['please', 'pls', 'plz', 'pleas', 'pleaz', 'plse', 'thanks', 'thank', 'you', 'thx', 'thnx'],
  ...['ty', 'tq', 'now', 'asap', 'immediately', 'already', 'just', 'ok', 'okay', 'k', 'sorry'],
  ...['hey', 'hi', 'hello', 'yes', 'really', 'seriously', 'right', 'away', 'again', 'sir'],
  ...['merci', 'svp', 'stp', 's', 'il', 'vous', 'te', 'plait', 'maintenant', 'bonjour'],
  ...['por', 'favor', 'porfa', 'gracias', 'ya', 'hola', 'ahora'],
  ...['bitte', 'danke', 'sofort', 'jetzt', 'hallo'],
  ...['obrigado', 'obrigada', 'agora', 'ja', 'ola'],
  ...['per', 'favore', 'grazie', 'subito', 'ciao'],
]);

/**
 * Verbs that end something ("stop", "cancel", "remove"): an opt-out when their object is the
 * messages, the list or the recipient. `needs` is a particle the clause must also hold
 * ("take … off", "opt … out").
 */
export const ENDING_VERBS = new Map<string, { needs?: string }>([
  ...['stop', 'stopp', 'quit', 'cease', 'halt', 'end', 'cancel', 'remove', 'delete', 'erase'].map(
    (w) => [w, {}] as const,
  ),
  ['take', { needs: 'off' }],
  ['opt', { needs: 'out' }],
  // French
  ...['arret', 'arrete', 'arretez', 'arreter', 'cessez', 'cesser', 'stoppez', 'annulez'].map(
    (w) => [w, {}] as const,
  ),
  ...['annuler', 'retirez', 'retirer', 'supprimez', 'supprimer', 'enlevez'].map(
    (w) => [w, {}] as const,
  ),
  // Spanish
  ...['dejen', 'deja', 'dejar', 'dejad', 'paren', 'pare', 'parad', 'cesen', 'cancelar'].map(
    (w) => [w, {}] as const,
  ),
  ...['cancelen', 'eliminen', 'eliminar', 'borren', 'borrar', 'quiten', 'quitar'].map(
    (w) => [w, {}] as const,
  ),
  // German ("hören Sie auf" is joined to "aufhoren" first)
  ...['aufhoren', 'stoppen', 'stoppt', 'loschen', 'entfernen', 'kundigen'].map(
    (w) => [w, {}] as const,
  ),
  // Portuguese
  ...['parem', 'parar', 'deixem', 'cancele', 'cancelem', 'remova', 'removam', 'tirem', 'tire'].map(
    (w) => [w, {}] as const,
  ),
  // Italian
  ...['smettete', 'smetti', 'smettila', 'smettere', 'basta', 'cancella', 'cancellate'].map(
    (w) => [w, {}] as const,
  ),
  ...['rimuovi', 'rimuovete', 'togliete', 'togli', 'eliminate'].map((w) => [w, {}] as const),
]);

/** Words that mean opting out whatever follows them ("unsubscribe me", "je veux me désinscrire"). */
export const OPT_OUT_WORDS = new Set([
  ...['unsubscribe', 'unsub', 'optout', 'desinscrire', 'desinscrivez', 'desinscris'],
  ...['desabonner', 'desabonnez', 'desuscribir', 'desuscribirme', 'desuscribanme'],
  ...['abmelden', 'abbestellen', 'austragen', 'descadastrar', 'descadastre'],
  ...['cancellami', 'disiscrivimi', 'disiscrivetemi', 'disiscrivere', 'cancelame'],
]);

/**
 * Stems of verbs of messaging (text, send, write, contact, call), matched as prefixes so
 * conjugations and attached pronouns ("enviarme", "scrivermi") are covered.
 */
export const MESSAGING_VERB_STEMS: readonly string[] = [
  ...['text', 'txt', 'messag', 'msg', 'sms', 'send', 'sent', 'contact', 'call', 'email', 'spam'],
  ...['bother', 'writ', 'ping'],
  ...['envo', 'ecri', 'appel', 'harcel'],
  ...['envi', 'escrib', 'mand', 'llam'],
  ...['schreib', 'schick', 'kontakt', 'anruf', 'anzuruf', 'belast'],
  ...['escrev', 'contat', 'lig'],
  ...['invi', 'scriv', 'contatt', 'chiam', 'messagg'],
];

/** Stems of nouns that name the messages, the list or the subscription. */
export const MESSAGING_NOUN_STEMS: readonly string[] = [
  ...['text', 'txt', 'messag', 'msg', 'sms', 'alert', 'notif', 'subscri', 'promo', 'spam'],
  ...['newsletter', 'marketing', 'advert', 'ads', 'list', 'mail', 'offer'],
  ...['abonn', 'pub', 'publicit'],
  ...['mensaj', 'suscri', 'lista', 'publicidad', 'ofertas'],
  ...['nachricht', 'mitteilung', 'abo', 'werbung', 'liste', 'angebot'],
  ...['mensag', 'assinatura', 'publicidade'],
  ...['messagg', 'iscrizion', 'abbonament', 'pubblicit', 'notifich'],
];

/** The recipient or the number as the object ("remove me", "delete my number"). */
export const RECIPIENT_OBJECTS = new Set([
  ...['me', 'us', 'number', 'phone', 'mine'],
  ...['moi', 'm', 'nous', 'numero'],
  ...['nos'],
  ...['mich', 'mir', 'uns', 'nummer'],
  ...['meu', 'nosso'],
]);

/** Pronouns that stand for the messages only right after a stop verb ("stop it", "stop this"). */
export const THIS_OBJECTS = new Set(['it', 'this', 'that', 'them', 'these', 'ca', 'cela', 'esto']);

/** Words skipped between a verb and its object. */
export const DETERMINERS = new Set([
  ...['my', 'the', 'these', 'this', 'those', 'your', 'all', 'any', 'of', 'from', 'a', 'an', 'to'],
  ...['with', 'de', 'des', 'les', 'la', 'le', 'vos', 'mes'],
  ...[
    'mon',
    'ma',
    'ces',
    'del',
    'los',
    'las',
    'el',
    'sus',
    'mi',
    'mis',
    'estos',
    'estas',
    'di',
    'i',
  ],
  ...['zu', 'die', 'der', 'das', 'den', 'ihre', 'meine', 'diese', 'sie', 'os', 'as', 'do', 'da'],
  ...['essas', 'esses', 'gli', 'le', 'questi', 'queste', 'il', 'lo', 'miei', 'mie', 'tutti'],
]);

/** Negations that turn an ending verb into a wish to continue ("don't stop"). */
export const NEGATIONS = new Set([
  ...['dont', 'not', 'never', 'no', 'wont', 'cant', 'nt'],
  ...['ne', 'n', 'jamais', 'pas'],
  ...['nunca'],
  ...['nicht', 'nie'],
  ...['nao'],
  ...['non', 'mai'],
]);

/** Verbs of wanting and receiving ("I don't want …", "je ne veux plus recevoir …"). */
export const WANTING_VERBS = new Set([
  ...['want', 'wanna', 'wish', 'need', 'like', 'receive', 'get'],
  ...['veux', 'voulons', 'veut', 'souhaite', 'recevoir'],
  ...['quiero', 'queremos', 'deseo', 'recibir'],
  ...['will', 'mochte', 'wollen', 'bekommen', 'erhalten'],
  ...['quero', 'queremos', 'desejo', 'receber'],
  ...['voglio', 'vogliamo', 'desidero', 'ricevere'],
]);

/** "No more …" in every language: the words that open it, then a noun within two words. */
export const NO_MORE = new Set(['more', 'plus', 'kein', 'keine', 'keinen', 'mas', 'mais', 'piu']);
export const ENOUGH = new Set(['enough', 'basta', 'assez', 'genug', 'chega', 'suffit']);

/** Whole-phrase opt-outs: the recipient disowns the conversation. */
export const DISOWNING_PHRASES: readonly string[] = [
  ...['leave me alone', 'wrong number', 'wrong person', 'not my number', 'lose my number'],
  ...['laissez moi tranquille', 'laisse moi tranquille', 'mauvais numero', 'faux numero'],
  ...['dejame en paz', 'dejenme en paz', 'numero equivocado', 'numero incorrecto'],
  ...['lass mich in ruhe', 'lassen sie mich in ruhe', 'falsche nummer'],
  ...['me deixe em paz', 'deixe me em paz', 'numero errado'],
  ...['lasciami in pace', 'lasciatemi in pace', 'numero sbagliato'],
];

/** Separable verbs joined before the rules run: "hören Sie auf" reads as "aufhoren". */
export const SEPARABLE_VERBS: readonly {
  heads: readonly string[];
  particle: string;
  as: string;
}[] = [{ heads: ['horen', 'hor', 'hort'], particle: 'auf', as: 'aufhoren' }];
