import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { classifyInbound } from './classify.js';
import { parseLabelled, scoreClassifier } from './labelled-replies.js';

describe('inbound keywords', () => {
  it.each([
    'STOP',
    'stop',
    '  Stop! ',
    'Unsubscribe',
    'CANCEL',
    'end',
    'Quit.',
    'REVOKE',
    'OPTOUT',
    'opt out',
    'OPT-OUT',
    'REMOVE',
    'ARRET',
    'Arrêt',
    'ARRETE',
    'ARRETT',
    'TD',
  ])('%j is an opt-out keyword', (body) =>
    expect(classifyInbound(body)).toEqual({ kind: 'OPT_OUT', how: 'keyword' }),
  );

  it.each(['STOPALL', 'stop all', 'Stop-All'])('%j opts out of every tenant', (body) =>
    expect(classifyInbound(body)).toEqual({ kind: 'OPT_OUT_ALL' }),
  );
  it.each(['START', 'unstop'])('%j opts back in', (body) =>
    expect(classifyInbound(body)).toEqual({ kind: 'OPT_IN' }),
  );
  it.each(['HELP', 'info?'])('%j asks for help', (body) =>
    expect(classifyInbound(body)).toEqual({ kind: 'HELP' }),
  );
  it('YES confirms a double opt-in', () =>
    expect(classifyInbound('Yes!')).toEqual({ kind: 'CONFIRM' }));
  it('JOIN <KEYWORD> asks to join a list', () =>
    expect(classifyInbound('join deals')).toEqual({ kind: 'JOIN', keyword: 'DEALS' }));
});

describe('plain-language opt-out intent', () => {
  it.each([
    'please stop texting me',
    'Stop sending me these messages',
    "don't text me again",
    'Do not contact me anymore',
    'no more messages please',
    'unsubscribe me from this list',
    'take me off your list',
    'remove me',
    'wrong number, leave me alone',
    'Arrêtez de m’envoyer des SMS',
    'je veux me désinscrire',
  ])('%j is honoured as an opt-out', (body) =>
    expect(classifyInbound(body)).toEqual({ kind: 'OPT_OUT', how: 'intent' }),
  );

  it.each([
    'Can I stop by the store tomorrow?',
    "I don't have my order number",
    'Thanks for the message!',
    'What time do you close?',
    'Is the sale still on?',
    'I never got my code',
  ])('%j is not an opt-out', (body) => expect(classifyInbound(body)).toEqual({ kind: 'OTHER' }));
});

describe('opt-outs in plain words, by design', () => {
  it.each([
    ['a repeated keyword', 'stop stop STOP'],
    ['a keyword wrapped in politeness', 'STOP please, thank you'],
    ['a complaint, then the keyword', 'I never signed up for this!! STOP'],
    ['an abbreviation', 'unsub pls'],
    ['a typo', 'sotp'],
    ['remove with the number as object', 'please remove my number'],
    ['cancel with the texts as object', 'cancel these alerts'],
    ['a negated messaging verb', 'do not message me again'],
    ['a refused wish', "I don't want any of your messages"],
  ])('%s: %j', (_, body) => expect(classifyInbound(body).kind).toBe('OPT_OUT'));

  it.each([
    ['stop by', 'can I stop by after work?'],
    ['a bus stop', 'where is the nearest bus stop?'],
    ['cancelling an order item', 'please cancel the red scarf from my order'],
    ['removing something else', 'remove the second item please'],
    ['a negated stop', "please don't stop sending me the coupons"],
    ['no more of something else', 'no more questions, thanks'],
  ])('stays benign: %s (%j)', (_, body) => expect(classifyInbound(body).kind).toBe('OTHER'));

  it.each([
    ['French', 'Ne m’envoyez plus de SMS'],
    ['Spanish', 'dejen de enviarme mensajes por favor'],
    ['German', 'Bitte keine Nachrichten mehr'],
    ['Portuguese', 'parem de me mandar mensagens'],
    ['Italian', 'non voglio più ricevere messaggi'],
  ])('%s plain language', (_, body) => expect(classifyInbound(body).kind).toBe('OPT_OUT'));

  it.each(['AIDE', 'ayuda', 'Hilfe!', 'AJUDA', 'aiuto', 'help please'])('%j asks for help', (b) =>
    expect(classifyInbound(b)).toEqual({ kind: 'HELP' }),
  );

  it("takes a tenant's own opt-out and help keywords", () => {
    const extra = { optOut: ['NO THANKS ACME'], help: ['SUPPORT'] };
    expect(classifyInbound('no thanks acme', extra)).toEqual({ kind: 'OPT_OUT', how: 'keyword' });
    expect(classifyInbound('Support?', extra)).toEqual({ kind: 'HELP' });
    expect(classifyInbound('Support?')).toEqual({ kind: 'OTHER' });
  });

  it("reaches 95 % recall with no false opt-out on the project's labelled set", () => {
    const file = new URL('../../data/opt-out/labelled.tsv', import.meta.url);
    const score = scoreClassifier(parseLabelled(readFileSync(file, 'utf8')));
    expect(score.falseOptOuts).toEqual([]);
    expect(score.recall).toBeGreaterThanOrEqual(0.95);
  });
});
