import { describe, expect, it } from 'vitest';
import { createOffensiveMatcher, detectLanguage } from './offensive.js';

const matches = createOffensiveMatcher(['connard']);

describe('offensive content matcher', () => {
  it.each([
    'Acme: offer 455 just for you',
    'Acme: your code is 171717',
    'Acme: total 45.50, order 7175-455',
    'Acme: class assessment on 5/5',
  ])('does not read numbers as words: %j', (text) => expect(matches(text)).toBe(false));
  it.each(['Acme: you a55hole', 'Acme: sh1t', 'Acme: f.u.c.k off', 'Acme: c0nn4rd'])(
    'still catches obfuscation mixing digits and letters: %j',
    (text) => expect(matches(text)).toBe(true),
  );
});

describe('offensive content per locale', () => {
  const plain = createOffensiveMatcher([]);
  it.each([
    ['fr', 'Acme : vous êtes des connards, merci pour votre commande'],
    ['es', 'Acme: eres un pendejo, gracias por su compra'],
    ['de', 'Acme: Sie sind ein Arschloch und das ist Ihre Bestellung'],
    ['pt', 'Acme: você é um babaca, obrigado pela sua compra'],
    ['it', 'Acme: sei uno stronzo, grazie per il tuo ordine con noi'],
  ])('catches %s by the text language, without a tenant list', (_, text) =>
    expect(plain(text)).toBe(true),
  );
  it.each([
    ['fr', 'Acme: p.u.t.a.i.n de promo'],
    ['de', 'Acme: Sch3isse'],
    ['it', 'Acme: c4zz0'],
  ])('handles obfuscation in %s as in English', (language, text) =>
    expect(plain(text, [language])).toBe(true),
  );
  it('applies a declared language even when the text is too short to detect', () => {
    expect(plain('Acme: merda', ['it'])).toBe(true);
    expect(plain('Acme: merda')).toBe(false);
  });
  it.each([
    'Acme: un cono de helado gratis con su pedido',
    'Acme: le bus part à 8h, pensez à votre billet',
    'Acme: Ihre Bestellung ist unterwegs und kommt morgen an',
    'Acme: o seu pedido está a caminho, obrigado',
    'Acme: il tuo ordine è in consegna, grazie',
  ])('leaves ordinary messages alone: %j', (text) => expect(plain(text)).toBe(false));
  it('lets a tenant relax a built-in word and keeps the rest', () => {
    const relaxed = createOffensiveMatcher([], ['hure']);
    expect(plain('Acme: Hure und das ist die Bestellung', ['de'])).toBe(true);
    expect(relaxed('Acme: Hure und das ist die Bestellung', ['de'])).toBe(false);
    expect(relaxed('Acme: Arschloch und das ist die Bestellung', ['de'])).toBe(true);
  });
  it.each([
    ['fr', 'Votre commande est prête pour le retrait avec votre code'],
    ['es', 'Su pedido está listo para el retiro con su código'],
    ['de', 'Ihre Bestellung ist fertig und liegt auf der Theke'],
    ['it', 'Il suo ordine è pronto per il ritiro con il codice'],
  ])('detects %s from function words', (language, text) =>
    expect(detectLanguage(text)).toBe(language),
  );
});
