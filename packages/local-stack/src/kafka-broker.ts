import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, hasCommand, killProcess, run, stopProcess, waitUntil } from './process-utils.js';

/** Pinned broker version; the pom in deploy/kafka declares the same. */
export const KAFKA_VERSION = '3.9.1';
const POM = fileURLToPath(new URL('../../../deploy/kafka/pom.xml', import.meta.url));

/** One node (broker and controller) of a KRaft cluster this process started. */
export interface KafkaNode {
  nodeId: number;
  port: number;
  /** The port of the clients' own listener (with `clientListeners`): what a proxy forwards to. */
  clientPort: number | undefined;
  /** The node JVM's process id (benchmarks read its CPU time); undefined while it is down. */
  readonly pid: number | undefined;
  readonly running: boolean;
  /** SIGKILL: a crash, no controlled shutdown; its data stays for {@link start}. */
  kill(): Promise<void>;
  /** A graceful stop; its data stays for {@link start}. */
  stop(): Promise<void>;
  /** Starts it again on its port and data; resolves when it serves. */
  start(): Promise<void>;
}

/** A Kafka broker (or a cluster of them) this process started. */
export interface KafkaBroker {
  brokers: string[];
  /** The first node's port. */
  port: number;
  /** The first node's process id. */
  readonly pid: number | undefined;
  /** Every node, by node id order (one for a single broker). */
  nodes: readonly KafkaNode[];
  /** Stops every node; `keepData` keeps the log dirs. */
  stop(keepData?: boolean): Promise<void>;
  /** Stops and starts every node on the same ports and data (for chaos tests). */
  restart(): Promise<void>;
}

/** Options for {@link startKafkaBroker}. */
export interface KafkaBrokerOptions {
  cacheDir?: string;
  /** Heap of each node's JVM (default 512). */
  heapMb?: number;
  log?: (line: string) => void;
  /** A SASL_SSL listener (SCRAM-SHA-512) with the StandardAuthorizer: security tests. */
  security?: KafkaBrokerSecurity;
  /**
   * Nodes of the KRaft cluster, each broker and controller (default 1). With several, the
   * internal topics are replicated to min(3, nodes) with min.insync.replicas one less, as the
   * gateway's own topics are (ensureTopics).
   */
  nodes?: number;
  /**
   * Clients reach each node (by node order) through a port of the caller's, e.g. a fault proxy:
   * the node gets a listener of its own for them and advertises `advertisedPort` for it, so every
   * client connection (bootstrap and those metadata leads to) goes through that port, while the
   * nodes talk to each other directly. `brokers` lists the advertised ports. Plaintext only.
   */
  clientListeners?: readonly { advertisedPort: number }[];
}

/**
 * A secured broker: clients and the broker itself use SASL_SSL with SCRAM-SHA-512; `admin` is
 * the one super user (ACLs are granted through it); nothing is allowed without an ACL. The
 * controller listener stays plaintext on loopback (KRaft's own quorum, no client API).
 */
export interface KafkaBrokerSecurity {
  tls: { certFile: string; keyFile: string; caFile: string };
  admin: { name: string; password: string };
  users: readonly { name: string; password: string }[];
}

/** Folder with the broker's jars, fetched with Maven once and cached. */
export async function ensureKafkaJars(
  cacheDir: string,
  log: (line: string) => void,
): Promise<string> {
  const libs = join(cacheDir, `kafka-${KAFKA_VERSION}`, 'libs');
  const marker = join(libs, '.complete');
  if (existsSync(marker)) return libs;
  for (const tool of ['java', 'mvn']) {
    if (!hasCommand(tool))
      throw new Error(
        `${tool} is not installed: Kafka runs from Maven Central jars (apt-get install openjdk-17-jre-headless maven)`,
      );
  }
  log(`fetching Apache Kafka ${KAFKA_VERSION} from Maven Central into ${libs} (once)`);
  const staging = `${libs}.tmp-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  await run('mvn', [
    '-q',
    '-B',
    '-f',
    POM,
    'dependency:copy-dependencies',
    '-DincludeScope=runtime',
    `-DoutputDirectory=${staging}`,
  ]);
  writeFileSync(join(staging, '.complete'), new Date().toISOString());
  rmSync(libs, { recursive: true, force: true });
  renameSync(staging, libs);
  return libs;
}

function listenerProperties(node: NodeLayout, security: KafkaBrokerSecurity | undefined): string[] {
  const { dataDir, port, controllerPort, client } = node;
  if (client)
    return [
      `listeners=PLAINTEXT://127.0.0.1:${port},CLIENT://127.0.0.1:${client.port},CONTROLLER://127.0.0.1:${controllerPort}`,
      `advertised.listeners=PLAINTEXT://127.0.0.1:${port},CLIENT://127.0.0.1:${client.advertisedPort}`,
      'listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CLIENT:PLAINTEXT,CONTROLLER:PLAINTEXT',
      'inter.broker.listener.name=PLAINTEXT',
    ];
  if (!security)
    return [
      `listeners=PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controllerPort}`,
      `advertised.listeners=PLAINTEXT://127.0.0.1:${port}`,
      'listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
      'inter.broker.listener.name=PLAINTEXT',
    ];
  // Kafka's PEM keystore: the PKCS#8 key and its certificate in one file.
  const keystore = join(dataDir, 'keystore.pem');
  writeFileSync(
    keystore,
    readFileSync(security.tls.keyFile, 'utf8') + readFileSync(security.tls.certFile, 'utf8'),
  );
  const { name, password } = security.admin;
  return [
    `listeners=SASL_SSL://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controllerPort}`,
    `advertised.listeners=SASL_SSL://127.0.0.1:${port}`,
    'listener.security.protocol.map=SASL_SSL:SASL_SSL,CONTROLLER:PLAINTEXT',
    'inter.broker.listener.name=SASL_SSL',
    'sasl.enabled.mechanisms=SCRAM-SHA-512',
    'sasl.mechanism.inter.broker.protocol=SCRAM-SHA-512',
    `listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="${name}" password="${password}";`,
    'ssl.keystore.type=PEM',
    `ssl.keystore.location=${keystore}`,
    'ssl.truststore.type=PEM',
    `ssl.truststore.location=${security.tls.caFile}`,
    'authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer',
    // The controller listener's principal is ANONYMOUS (plaintext, loopback): the quorum needs it.
    `super.users=User:${name};User:ANONYMOUS`,
    'allow.everyone.if.no.acl.found=false',
  ];
}

/** Where one node listens and keeps its data. */
interface NodeLayout {
  nodeId: number;
  dataDir: string;
  port: number;
  controllerPort: number;
  /** The clients' own listener and the port it is advertised as (`clientListeners`). */
  client: { port: number; advertisedPort: number } | undefined;
}

function serverProperties(
  node: NodeLayout,
  cluster: readonly NodeLayout[],
  security?: KafkaBrokerSecurity,
): string {
  const { dataDir } = node;
  const replicas = Math.min(3, cluster.length);
  const minIsr = Math.max(1, replicas - 1);
  return [
    'process.roles=broker,controller',
    `node.id=${node.nodeId}`,
    `controller.quorum.voters=${cluster.map((n) => `${n.nodeId}@127.0.0.1:${n.controllerPort}`).join(',')}`,
    ...listenerProperties(node, security),
    'controller.listener.names=CONTROLLER',
    `log.dirs=${join(dataDir, 'logs')}`,
    'num.partitions=4',
    `default.replication.factor=${replicas}`,
    `min.insync.replicas=${minIsr}`,
    'unclean.leader.election.enable=false',
    `offsets.topic.replication.factor=${replicas}`,
    'offsets.topic.num.partitions=8',
    `transaction.state.log.replication.factor=${replicas}`,
    `transaction.state.log.min.isr=${minIsr}`,
    'transaction.state.log.num.partitions=8',
    'group.initial.rebalance.delay.ms=0',
    'auto.create.topics.enable=false',
    // Transactions of a crashed instance are aborted after this, so a restart does not wait long.
    'transaction.max.timeout.ms=900000',
    'log.flush.interval.messages=9223372036854775807',
    '',
  ].join('\n');
}

const LOG4J = [
  'log4j.rootLogger=WARN, file',
  'log4j.logger.kafka.server.KafkaRaftServer=INFO',
  'log4j.appender.file=org.apache.log4j.FileAppender',
  'log4j.appender.file.File=${kafka.logs.dir}/server.log',
  'log4j.appender.file.layout=org.apache.log4j.PatternLayout',
  'log4j.appender.file.layout.ConversionPattern=[%d] %p %m (%c)%n',
  '',
].join('\n');

/**
 * Cluster ids are 16 random bytes in URL-safe base64 without padding (Kafka's Uuid). Like
 * Kafka's own Uuid.randomUuid(), never one starting with '-': the storage tool's argument parser
 * would take it for an option (1 start in 64 failed before this).
 */
export function clusterId(): string {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

/**
 * Fetches (once), formats and starts a KRaft broker on loopback, or a cluster of `nodes` (each
 * broker and controller, started together so they form their quorum); resolves when all serve.
 */
export async function startKafkaBroker(options: KafkaBrokerOptions = {}): Promise<KafkaBroker> {
  const log = options.log ?? (() => undefined);
  const libs = await ensureKafkaJars(options.cacheDir ?? join(homedir(), '.cache', 'smsgw'), log);
  const layouts: NodeLayout[] = [];
  const count = options.nodes ?? 1;
  if (options.clientListeners && (options.clientListeners.length !== count || options.security))
    throw new Error('clientListeners: one per node, and only without security');
  for (let nodeId = 1; nodeId <= count; nodeId++) {
    const advertised = options.clientListeners?.[nodeId - 1];
    layouts.push({
      nodeId,
      dataDir: mkdtempSync(join(tmpdir(), 'smsgw-kafka-')),
      port: await freePort(),
      controllerPort: await freePort(),
      client: advertised && { port: await freePort(), advertisedPort: advertised.advertisedPort },
    });
  }
  const id = clusterId();
  await Promise.all(layouts.map((layout) => format(libs, id, layout, layouts, options.security)));
  const heap = `${options.heapMb ?? 512}m`;
  const nodes = await Promise.all(layouts.map((layout) => startNode(libs, layout, heap)));
  const brokers = layouts.map((l) => `127.0.0.1:${l.client?.advertisedPort ?? l.port}`);
  log(
    `kafka ${KAFKA_VERSION} ready on ${brokers.join(',')} (data in ${layouts.map((l) => l.dataDir).join(', ')})`,
  );
  const first = nodes[0] as KafkaNode;
  return {
    brokers,
    port: first.port,
    get pid() {
      return first.pid;
    },
    nodes,
    async stop(keepData = false) {
      await Promise.all(nodes.map((n) => n.stop()));
      if (!keepData) for (const l of layouts) rmSync(l.dataDir, { recursive: true, force: true });
    },
    async restart() {
      await Promise.all(nodes.map((n) => n.stop()));
      await Promise.all(nodes.map((n) => n.start()));
    },
  };
}

async function format(
  libs: string,
  id: string,
  layout: NodeLayout,
  cluster: readonly NodeLayout[],
  security: KafkaBrokerSecurity | undefined,
): Promise<void> {
  const props = join(layout.dataDir, 'server.properties');
  writeFileSync(props, serverProperties(layout, cluster, security));
  writeFileSync(join(layout.dataDir, 'log4j.properties'), LOG4J);
  mkdirSync(join(layout.dataDir, 'logs'));
  await run('java', [
    '-cp',
    `${libs}/*`,
    'kafka.tools.StorageTool',
    'format',
    '-t',
    id,
    '-c',
    props,
    '--ignore-formatted',
    // SCRAM credentials go into the metadata log when it is formatted (KIP-900).
    ...(security
      ? [security.admin, ...security.users].flatMap((u) => [
          '--add-scram',
          `SCRAM-SHA-512=[name=${u.name},password=${u.password}]`,
        ])
      : []),
  ]);
}

async function startNode(libs: string, layout: NodeLayout, heap: string): Promise<KafkaNode> {
  const props = join(layout.dataDir, 'server.properties');
  const up = (): Promise<ChildProcess> => launch(libs, layout.dataDir, props, heap, layout.port);
  let child: ChildProcess | undefined = await up();
  const down = async (how: 'kill' | 'stop'): Promise<void> => {
    const running = child;
    child = undefined;
    if (!running || running.exitCode !== null) return;
    await (how === 'stop' ? stopProcess(running, 20_000) : killProcess(running));
  };
  return {
    nodeId: layout.nodeId,
    port: layout.port,
    clientPort: layout.client?.port,
    get pid() {
      return child?.pid;
    },
    get running() {
      return child !== undefined;
    },
    kill: () => down('kill'),
    stop: () => down('stop'),
    async start() {
      if (child) throw new Error(`kafka node ${layout.nodeId} is already running`);
      child = await up();
    },
  };
}

async function launch(
  libs: string,
  dataDir: string,
  props: string,
  heap: string,
  port: number,
): Promise<ChildProcess> {
  const serverLog = join(dataDir, 'server.log');
  writeFileSync(serverLog, '');
  const out = openSync(join(dataDir, 'stdout.log'), 'a');
  const child = spawn(
    'java',
    [
      `-Xmx${heap}`,
      `-Xms${heap}`,
      '-XX:+UseG1GC',
      `-Dkafka.logs.dir=${dataDir}`,
      `-Dlog4j.configuration=file:${join(dataDir, 'log4j.properties')}`,
      '-cp',
      `${libs}/*`,
      'kafka.Kafka',
      props,
    ],
    { stdio: ['ignore', out, out], detached: true },
  );
  // If the parent dies, do not leave a broker behind.
  const kill = (): void => void child.kill('SIGKILL');
  process.once('exit', kill);
  child.once('exit', () => process.removeListener('exit', kill));
  await waitUntil(
    () => readFileSync(serverLog, 'utf8').includes('Kafka Server started'),
    90_000,
    `kafka broker on port ${port}`,
    child,
  );
  return child;
}
