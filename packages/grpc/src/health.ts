import type { Server, ServerWritableStream } from '@grpc/grpc-js';
import { healthProto, type HealthHandlers } from '@smsgw/proto';

type ServingStatus = 'SERVING' | 'NOT_SERVING';

/** The standard grpc.health.v1 service; "" is the whole server. */
export interface HealthService {
  setStatus(service: string, status: ServingStatus): void;
  /** Marks everything NOT_SERVING and ends watches (on shutdown). */
  shutdown(): void;
}

/** Adds grpc.health.v1.Health to `server`. */
export function addHealthService(server: Server, services: readonly string[]): HealthService {
  const statuses = new Map<string, ServingStatus>([
    ['', 'NOT_SERVING'],
    ...services.map((s) => [s, 'NOT_SERVING'] as const),
  ]);
  const watchers = new Set<{
    service: string;
    call: ServerWritableStream<{ service: string }, { status: string }>;
  }>();
  const handlers: HealthHandlers = {
    Check(call, callback) {
      const current = statuses.get(call.request.service);
      if (!current) callback({ code: 5, details: 'unknown service' });
      else callback(null, { status: current });
    },
    Watch(call) {
      const watcher = { service: call.request.service, call: call as never };
      watchers.add(watcher);
      call.write({ status: statuses.get(call.request.service) ?? 'SERVICE_UNKNOWN' });
      call.on('cancelled', () => watchers.delete(watcher));
    },
  };
  server.addService(healthProto().grpc.health.v1.Health.service, handlers);
  const setStatus = (service: string, status: ServingStatus): void => {
    statuses.set(service, status);
    for (const w of watchers) if (w.service === service) w.call.write({ status });
  };
  return {
    setStatus,
    shutdown() {
      for (const s of statuses.keys()) setStatus(s, 'NOT_SERVING');
      for (const w of watchers) w.call.end();
      watchers.clear();
    },
  };
}

/** Anything that reports readiness changes (the service's probes). */
export interface ReadinessSource {
  watchReadiness(intervalMs: number, onChange: (ready: boolean) => void): () => void;
}

/**
 * Keeps every listed service's health status (and the server's, "") equal to the readiness
 * probe: NOT_SERVING while Kafka, Redis or a connector the service needs is missing, so a load
 * balancer's health check takes the instance out of rotation. Returns a stop function.
 */
export function healthFollowsReadiness(
  health: HealthService,
  readiness: ReadinessSource,
  services: readonly string[],
  intervalMs = 2000,
): () => void {
  return readiness.watchReadiness(intervalMs, (ready) => {
    for (const s of ['', ...services]) health.setStatus(s, ready ? 'SERVING' : 'NOT_SERVING');
  });
}
