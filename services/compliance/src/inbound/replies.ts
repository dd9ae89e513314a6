import type { Tenant } from '@smsgw/core';

/** The automatic replies to inbound keywords. */
export type ReplyKind =
  | 'OPT_OUT_CONFIRM'
  | 'OPT_OUT_ALL_CONFIRM'
  | 'OPT_IN_CONFIRM'
  | 'JOIN_CONFIRM_REQUEST'
  | 'JOIN_CONFIRMED'
  | 'HELP';

type Texts = Record<Exclude<ReplyKind, 'HELP'>, string>;

const ENGLISH: Texts = {
  OPT_OUT_CONFIRM:
    '{brand}: You are unsubscribed and will receive no more messages. Reply START to resubscribe.',
  OPT_OUT_ALL_CONFIRM:
    '{brand}: You are unsubscribed from all messages sent from this number. Reply START to resubscribe.',
  OPT_IN_CONFIRM: '{brand}: You are subscribed again. Reply HELP for help, STOP to opt out.',
  JOIN_CONFIRM_REQUEST:
    '{brand}: Reply YES to confirm you want {keyword} messages. Msg&data rates may apply. Reply STOP to opt out.',
  JOIN_CONFIRMED:
    '{brand}: Thanks, you are subscribed to {keyword} messages. Reply HELP for help, STOP to opt out.',
};

const TEXTS: Record<string, Texts> = {
  en: ENGLISH,
  fr: {
    OPT_OUT_CONFIRM:
      '{brand} : Vous êtes désinscrit et ne recevrez plus de messages. Envoyez START pour vous réinscrire.',
    OPT_OUT_ALL_CONFIRM:
      '{brand} : Vous êtes désinscrit de tous les messages de ce numéro. Envoyez START pour vous réinscrire.',
    OPT_IN_CONFIRM: '{brand} : Vous êtes de nouveau inscrit. STOP pour vous désinscrire.',
    JOIN_CONFIRM_REQUEST:
      '{brand} : Répondez YES pour confirmer votre inscription à {keyword}. STOP pour vous désinscrire.',
    JOIN_CONFIRMED: '{brand} : Merci, vous êtes inscrit à {keyword}. STOP pour vous désinscrire.',
  },
};

/** The text of a reply in the recipient's language (English when there is no translation). */
export function replyText(kind: ReplyKind, tenant: Tenant, language: string, keyword = ''): string {
  if (kind === 'HELP') return tenant.policy.helpText;
  const texts = TEXTS[language] ?? ENGLISH;
  return texts[kind].replace('{brand}', tenant.policy.brandName).replace('{keyword}', keyword);
}
