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

const TEXTS: Record<string, Texts | undefined> = {
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

TEXTS.es = {
  OPT_OUT_CONFIRM:
    '{brand}: Te has dado de baja y no recibirás más mensajes. Responde START para volver a suscribirte.',
  OPT_OUT_ALL_CONFIRM:
    '{brand}: Te has dado de baja de todos los mensajes de este número. Responde START para volver.',
  OPT_IN_CONFIRM: '{brand}: Vuelves a estar suscrito. Responde STOP para darte de baja.',
  JOIN_CONFIRM_REQUEST:
    '{brand}: Responde YES para confirmar los mensajes de {keyword}. Responde STOP para darte de baja.',
  JOIN_CONFIRMED: '{brand}: Gracias, estás suscrito a {keyword}. Responde STOP para darte de baja.',
};
TEXTS.de = {
  OPT_OUT_CONFIRM:
    '{brand}: Sie sind abgemeldet und erhalten keine Nachrichten mehr. Antworten Sie START, um sich wieder anzumelden.',
  OPT_OUT_ALL_CONFIRM:
    '{brand}: Sie sind von allen Nachrichten dieser Nummer abgemeldet. Antworten Sie START, um sich wieder anzumelden.',
  OPT_IN_CONFIRM: '{brand}: Sie sind wieder angemeldet. Antworten Sie STOP zum Abmelden.',
  JOIN_CONFIRM_REQUEST:
    '{brand}: Antworten Sie YES, um {keyword}-Nachrichten zu bestätigen. STOP zum Abmelden.',
  JOIN_CONFIRMED: '{brand}: Danke, Sie erhalten {keyword}-Nachrichten. STOP zum Abmelden.',
};
TEXTS.pt = {
  OPT_OUT_CONFIRM:
    '{brand}: Sua inscrição foi cancelada e você não receberá mais mensagens. Responda START para voltar.',
  OPT_OUT_ALL_CONFIRM:
    '{brand}: Você não receberá mais mensagens deste número. Responda START para voltar.',
  OPT_IN_CONFIRM: '{brand}: Você está inscrito novamente. Responda STOP para sair.',
  JOIN_CONFIRM_REQUEST:
    '{brand}: Responda YES para confirmar as mensagens {keyword}. Responda STOP para sair.',
  JOIN_CONFIRMED: '{brand}: Obrigado, você está inscrito em {keyword}. Responda STOP para sair.',
};
TEXTS.it = {
  OPT_OUT_CONFIRM:
    '{brand}: La tua iscrizione è annullata e non riceverai più messaggi. Rispondi START per iscriverti di nuovo.',
  OPT_OUT_ALL_CONFIRM:
    '{brand}: Non riceverai più messaggi da questo numero. Rispondi START per iscriverti di nuovo.',
  OPT_IN_CONFIRM: '{brand}: Sei di nuovo iscritto. Rispondi STOP per annullare.',
  JOIN_CONFIRM_REQUEST:
    '{brand}: Rispondi YES per confermare i messaggi {keyword}. Rispondi STOP per annullare.',
  JOIN_CONFIRMED: '{brand}: Grazie, sei iscritto a {keyword}. Rispondi STOP per annullare.',
};

/** The text of a reply in the recipient's language (English when there is no translation). */
export function replyText(kind: ReplyKind, tenant: Tenant, language: string, keyword = ''): string {
  if (kind === 'HELP') return tenant.policy.helpText;
  const texts = TEXTS[language] ?? ENGLISH;
  return texts[kind].replace('{brand}', tenant.policy.brandName).replace('{keyword}', keyword);
}
