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
    const length = Math.max(
      -1,
      ...connector.prefixes.filter((p) => destination.startsWith(p)).map((p) => p.length),
    );
    return length >= 0 ? [{ connector, order, length }] : [];
  });
  matches.sort(
    (a, b) =>
      a.connector.priority - b.connector.priority || b.length - a.length || a.order - b.order,
  );
  return matches.map((m) => m.connector);
}

/** Destinations kept by a {@link createRouter} cache before it starts over. */
const ROUTE_CACHE_LIMIT = 10_000;

/**
 * {@link routesFor} for a fixed list of connectors, memoised by the destination's first N
 * characters (N: the longest prefix configured), which alone decide the routes. Without
 * prefixes every destination shares one entry. The returned arrays are shared: do not modify.
 */
export function createRouter<T extends Routable>(
  connectors: readonly T[],
): (destination: string) => readonly T[] {
  const significant = Math.max(0, ...connectors.flatMap((c) => c.prefixes.map((p) => p.length)));
  const cache = new Map<string, T[]>();
  return (destination) => {
    const key = destination.slice(0, significant);
    let routes = cache.get(key);
    if (!routes) {
      if (cache.size >= ROUTE_CACHE_LIMIT) cache.clear();
      cache.set(key, (routes = routesFor(connectors, destination)));
    }
    return routes;
  };
}
