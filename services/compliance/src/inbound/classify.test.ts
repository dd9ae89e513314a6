import { describe, expect, it } from 'vitest';
import { classifyInbound } from './classify.js';

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
