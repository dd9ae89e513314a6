import { describe, expect, it } from 'vitest';
import { createRouter, routesFor } from './router.js';

const c = (name: string, prefixes: string[], priority = 100) => ({ name, prefixes, priority });

describe('routing by destination prefix and priority', () => {
  const connectors = [
    c('uk-main', ['+44'], 10),
    c('uk-backup', ['+44'], 20),
    c('us', ['+1']),
    c('sf', ['+1415']),
    c('anywhere', [], 500),
  ];

  it('orders by priority, then the most specific prefix, with catch-alls last by priority', () => {
    expect(routesFor(connectors, '+447700900123').map((x) => x.name)).toEqual([
      'uk-main',
      'uk-backup',
      'anywhere',
    ]);
    expect(routesFor(connectors, '+14155550100').map((x) => x.name)).toEqual([
      'sf',
      'us',
      'anywhere',
    ]);
    expect(routesFor(connectors, '+33612345678').map((x) => x.name)).toEqual(['anywhere']);
  });

  it('finds no route when no connector serves the destination', () => {
    expect(routesFor([c('uk', ['+44'])], '+33612345678')).toEqual([]);
  });

  it('keeps file order between equal routes', () => {
    expect(routesFor([c('a', []), c('b', [])], '+1').map((x) => x.name)).toEqual(['a', 'b']);
  });

  it('memoises by the significant leading characters without changing any answer', () => {
    const router = createRouter(connectors);
    const destinations = [
      '+447700900123',
      '+447700900999',
      '+14155550100',
      '+14165550100',
      '+1',
      '+4',
      '+33612345678',
      '',
    ];
    for (const d of [...destinations, ...destinations])
      expect(router(d)).toEqual(routesFor(connectors, d));
    expect(router('+447700900123')).toBe(router('+447711111111')); // same first 5 characters: one entry
    const catchAll = createRouter([c('a', []), c('b', [])]);
    expect(catchAll('+1').map((x) => x.name)).toEqual(['a', 'b']);
    expect(catchAll('+1')).toBe(catchAll('+44'));
  });
});
