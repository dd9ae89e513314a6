import type { Authenticator, UnaryHooks } from '@smsgw/grpc';
import { authorizeOperator, unary } from '@smsgw/grpc';
import type { ConnectorStatus, DispatcherAdminHandlers } from '@smsgw/proto';
import type { Connector } from './submit-message.js';

/** The operator's view of one connector: binds, windows, breaker, rates. */
export function connectorStatus(c: Connector): ConnectorStatus {
  const { config } = c;
  return {
    name: config.name,
    host: config.host,
    port: config.port,
    tls: config.tls !== undefined,
    prefixes: [...config.prefixes],
    priority: config.priority,
    breakerState: c.breaker.state,
    binds: c.pool.binds().map((b) => ({
      index: b.index,
      role: b.role,
      state: b.state,
      windowUsed: b.windowUsed,
      windowSize: config.windowSize,
      rateLimitPerSecond: Number.isFinite(b.rateLimit) ? b.rateLimit : 0,
    })),
    submitsPerSecond: c.pool.submitsPerSecond(),
    bindType: config.bindType,
    alphabet: config.alphabet,
    longMessage: config.longMessage,
    inDoubtPolicy: config.inDoubtPolicy,
  };
}

/** DispatcherAdmin: read-only, operator tokens with the `admin` scope (never a tenant's). */
export function createAdminService(deps: {
  authenticator: Authenticator;
  connectors: readonly Connector[];
  hooks: UnaryHooks;
}): DispatcherAdminHandlers {
  return {
    ListConnectors: unary(
      'ListConnectors',
      (call) => {
        authorizeOperator(call.metadata, deps.authenticator, 'admin');
        return Promise.resolve({ connectors: deps.connectors.map(connectorStatus) });
      },
      deps.hooks,
    ),
  };
}
