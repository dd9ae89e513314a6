import { createKafka, ensureTopics, gatewayTopics } from '@smsgw/kafka';
import { startLocalStack, type LocalStack } from './local-stack.js';
import { startServiceProcess, type ServiceProcess } from './service-process.js';
import { createLogger } from '@smsgw/observability';

/** Ports and settings of a whole gateway on one machine. */
export interface GatewayStackOptions {
  env: Readonly<Record<string, string | undefined>>;
  grpcPort: number;
  simulatorPort: number;
  /** The simulator runs elsewhere (in the test process) on simulatorPort: do not spawn one. */
  externalSimulator?: boolean;
  metricsPorts: { ingress: number; compliance: number; dispatcher: number; simulator: number };
  /** gRPC port of compliance (ComplianceService, ConsentService); 0 for any. */
  complianceGrpcPort?: number;
  /** gRPC port of the dispatcher's admin service; 0 for any (default 50053). */
  dispatcherAdminPort?: number;
  partitions: number;
  log: (line: string) => void;
  onServiceLine?: (service: string, line: string) => void;
  /**
   * Restart a service that exits on its own, with backoff; after `maxRestarts` crashes within
   * `windowMs`, give up: call `onGiveUp` (npm start stops the whole gateway). Tests leave it off,
   * so a crash fails them instead of being hidden.
   */
  supervise?: { maxRestarts: number; windowMs: number; onGiveUp: (service: string) => void };
  extraEnv?: Record<string, string>;
  /** Settings of one service only (its first instance and restarts of it). */
  serviceEnv?: Partial<Record<'ingress' | 'compliance' | 'dispatcher', Record<string, string>>>;
}

/** A running gateway: infrastructure, the SMSC simulator and the three services. */
export interface GatewayStack {
  infra: LocalStack;
  services: ServiceProcess[];
  grpcAddress: string;
  /** Kills a service with SIGKILL (a crash) and starts it again with the same settings. */
  crashAndRestart(name: string): Promise<ServiceProcess>;
  /**
   * Starts one more instance of a service (scale-out): the same settings, its own ports (any
   * free one for its APIs and metrics), `env` on top. Resolves once it has started.
   */
  addInstance(name: string, env?: Record<string, string>): Promise<ServiceProcess>;
  /** Takes one instance away for good (scale-in): SIGTERM and its graceful stop, or SIGKILL. */
  removeInstance(instance: ServiceProcess, how: 'stop' | 'kill'): Promise<void>;
  /** The running instances of a service, oldest first. */
  instancesOf(name: string): ServiceProcess[];
  stop(): Promise<void>;
}

/** Settings that name a listening port: an extra instance takes any free one. */
const OWN_PORT = /^SMSGW_[A-Z]+_(GRPC|METRICS|ADMIN)_PORT$/;

/** The line each service logs once it serves. */
const STARTED = /"msg":"[a-z -]+ started"/;

/** Local development token of tenant acme (never valid outside deploy/local/tenants.json). */
export const DEV_TOKEN = 'dev-acme-token';
/** The development tenants file (tokens dev-acme-token, dev-globex-token, dev-acme-readonly). */
export const TENANTS_FILE = 'deploy/local/tenants.json';

/** Starts Kafka and Redis (unless configured), creates topics, then the simulator and services. */
export async function startGatewayStack(options: GatewayStackOptions): Promise<GatewayStack> {
  const { log } = options;
  const infra = await startLocalStack({ env: options.env, log });
  const kafka = createKafka({
    brokers: infra.kafkaBrokers,
    clientId: 'smsgw-setup',
    logger: createLogger({ service: 'setup', level: 'warn' }),
  });
  const namespace =
    options.extraEnv?.SMSGW_KAFKA_NAMESPACE ?? options.env.SMSGW_KAFKA_NAMESPACE ?? '';
  await ensureTopics(kafka, gatewayTopics(options.partitions, namespace));
  const common: Record<string, string> = {
    SMSGW_KAFKA_BROKERS: infra.kafkaBrokers.join(','),
    SMSGW_REDIS_URL: infra.redisUrl,
    SMSGW_LOG_LEVEL: options.env.SMSGW_LOG_LEVEL ?? 'info',
    SMSGW_TENANTS_FILE: TENANTS_FILE,
    // Local development only: production sets its own secret key ring (see README).
    SMSGW_HASH_KEYS: options.env.SMSGW_HASH_KEYS ?? 'dev=local-development-hash-key-not-secret',
    // The salted hash of earlier releases, as the retiring key, when a caller still has one.
    ...(options.env.SMSGW_HASH_SALT ? { SMSGW_HASH_SALT: options.env.SMSGW_HASH_SALT } : {}),
    // A development stack: the services accept a Redis without persistence (they refuse one
    // in production) and log that they do.
    SMSGW_REDIS_ALLOW_UNSAFE: options.env.SMSGW_REDIS_ALLOW_UNSAFE ?? '1',
    // The published tokens of deploy/local/tenants.json are accepted only in development mode.
    SMSGW_DEVELOPMENT_MODE: options.env.SMSGW_DEVELOPMENT_MODE ?? '1',
    ...options.extraEnv,
  };
  if (common.SMSGW_DEVELOPMENT_MODE === '1')
    options.log(
      'development mode: the services run with SMSGW_DEVELOPMENT_MODE=1 and accept the published tokens of deploy/local/tenants.json (production refuses them)',
    );
  if (common.SMSGW_REDIS_ALLOW_UNSAFE === '1')
    options.log(
      'development Redis: the services run with SMSGW_REDIS_ALLOW_UNSAFE=1 (production refuses a Redis without appendonly or with an evicting policy)',
    );
  // Each instance's own settings, to start it again after a crash (gone with the instance).
  const envs = new WeakMap<ServiceProcess, Record<string, string>>();
  let stopping = false;
  const spawnService = (name: string, env: Record<string, string>): ServiceProcess => {
    const service = startServiceProcess({
      name,
      env: { ...common, ...env },
      onLine: (line) => options.onServiceLine?.(name, line),
    });
    envs.set(service, env);
    if (options.supervise) watch(service, options.supervise);
    return service;
  };
  const crashes = new Map<string, number[]>();
  // Killed on purpose by crashAndRestart: not a crash to restart.
  const retired = new WeakSet<ServiceProcess>();
  // A service that exits by itself (not stopped, not replaced by crashAndRestart) is reported
  // and started again after 1, 2, 4 … s; one that keeps crashing is given up on, loudly.
  function watch(
    service: ServiceProcess,
    policy: NonNullable<GatewayStackOptions['supervise']>,
  ): void {
    service.child.once('exit', (code, signal) => {
      if (stopping || retired.has(service)) return;
      const now = Date.now();
      const recent = [...(crashes.get(service.name) ?? []), now].filter(
        (t) => now - t < policy.windowMs,
      );
      crashes.set(service.name, recent);
      const how = signal ? `signal ${signal}` : `code ${code}`;
      if (recent.length > policy.maxRestarts) {
        log(
          `${service.name} exited (${how}) ${recent.length} times in ${policy.windowMs / 1000} s: giving up`,
        );
        policy.onGiveUp(service.name);
        return;
      }
      const delayMs = 1000 * 2 ** (recent.length - 1);
      log(
        `${service.name} exited (${how}); restarting in ${delayMs} ms (crash ${recent.length} of at most ${policy.maxRestarts})`,
      );
      setTimeout(() => {
        const index = services.indexOf(service);
        if (stopping || index < 0) return;
        services[index] = spawnService(service.name, envs.get(service) ?? {});
      }, delayMs).unref();
    });
  }
  const services = [
    ...(options.externalSimulator
      ? []
      : [
          spawnService('smsc-simulator', {
            SMSGW_SIMULATOR_PORT: String(options.simulatorPort),
            SMSGW_SIMULATOR_METRICS_PORT: String(options.metricsPorts.simulator),
          }),
        ]),
    spawnService('ingress', {
      SMSGW_INGRESS_GRPC_HOST: '127.0.0.1',
      SMSGW_INGRESS_GRPC_PORT: String(options.grpcPort),
      SMSGW_INGRESS_METRICS_PORT: String(options.metricsPorts.ingress),
      ...options.serviceEnv?.ingress,
    }),
    spawnService('compliance', {
      SMSGW_COMPLIANCE_METRICS_PORT: String(options.metricsPorts.compliance),
      SMSGW_COMPLIANCE_GRPC_HOST: '127.0.0.1',
      SMSGW_COMPLIANCE_GRPC_PORT: String(options.complianceGrpcPort ?? 0),
      ...options.serviceEnv?.compliance,
    }),
    spawnService('dispatcher', {
      SMSGW_DISPATCHER_SMSC_HOST: '127.0.0.1',
      SMSGW_DISPATCHER_SMSC_PORT: String(options.simulatorPort),
      SMSGW_DISPATCHER_SMSC_SYSTEM_ID: 'smsgw',
      SMSGW_DISPATCHER_SMSC_PASSWORD: 'secret',
      SMSGW_DISPATCHER_METRICS_PORT: String(options.metricsPorts.dispatcher),
      SMSGW_DISPATCHER_ADMIN_PORT: String(options.dispatcherAdminPort ?? 50053),
      ...options.serviceEnv?.dispatcher,
    }),
  ];
  const stop = async (): Promise<void> => {
    stopping = true;
    // Reverse order of the flow: nothing new comes in while the later stages drain.
    for (const s of services.slice().reverse()) await s.stop();
    await infra.stop();
  };
  try {
    await Promise.all(services.map((s) => s.waitForLine(STARTED, 90_000)));
  } catch (err) {
    await stop();
    throw err;
  }
  log(
    `gateway up: gRPC on 127.0.0.1:${options.grpcPort}, SMSC simulator on 127.0.0.1:${options.simulatorPort}`,
  );
  async function crashAndRestart(name: string): Promise<ServiceProcess> {
    const index = services.findIndex((s) => s.name === name);
    const old = services[index];
    if (!old) throw new Error(`no service ${name}`);
    retired.add(old);
    await old.kill();
    const fresh = spawnService(name, envs.get(old) ?? {});
    services[index] = fresh;
    await fresh.waitForLine(STARTED, 90_000);
    return fresh;
  }
  async function addInstance(name: string, env: Record<string, string> = {}) {
    const first = services.find((s) => s.name === name);
    if (!first) throw new Error(`no service ${name}`);
    const own = Object.fromEntries(
      Object.entries(envs.get(first) ?? {}).map(([k, v]) => [k, OWN_PORT.test(k) ? '0' : v]),
    );
    const added = spawnService(name, { ...own, ...env });
    services.push(added);
    await added.waitForLine(STARTED, 90_000);
    return added;
  }
  async function removeInstance(instance: ServiceProcess, how: 'stop' | 'kill') {
    const index = services.indexOf(instance);
    if (index < 0) throw new Error(`${instance.name}: not a running instance`);
    retired.add(instance);
    services.splice(index, 1);
    await (how === 'kill' ? instance.kill() : instance.stop());
  }
  return {
    infra,
    services,
    grpcAddress: `127.0.0.1:${options.grpcPort}`,
    crashAndRestart,
    addInstance,
    removeInstance,
    instancesOf: (name) => services.filter((s) => s.name === name),
    stop,
  };
}
