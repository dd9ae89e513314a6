/** What routing needs to know of a connector. */
export interface Routable {
  name: string;
  prefixes: readonly string[];
  priority: number;
}

/**
 * The connectors that serve `destination` (E.164), best first: lower priority value first, then
 * the longest matching prefix (the more specific route), then file order. A connector without
 * prefixes serves every destination. Pure: breaker state is applied by the caller.
 */
export function routesFor<T extends Routable>(connectors: readonly T[], destination: string): T[] {
  const matches = connectors.flatMap((connector, order) => {
    if (connector.prefixes.length === 0) return [{ connector, order, length: 0 }];
    const length = Math.max(-1, ...connector.prefixes.filter((p) => destination.startsWith(p)).map((p) => p.length));
    return length >= 0 ? [{ connector, order, length }] : [];
  });
  matches.sort((a, b) => a.connector.priority - b.connector.priority || b.length - a.length || a.order - b.order);
  return matches.map((m) => m.connector);
}
