import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run, waitUntil } from './process-utils.js';
import { startRedisCluster, type RedisCluster, type RedisClusterNode } from './redis-cluster.js';

// The local Redis Cluster (issue 13) that the cluster tier and its failover scenario run on: it
// must form with every slot served, and a SIGKILLed master must be replaced by its replica
// within the node timeout, then rejoin as a replica when it comes back.

/** The master serving slot 0 and its replica, from CLUSTER NODES as `seed` sees it. */
async function slotZero(
  cluster: RedisCluster,
  seed: number,
): Promise<{ master: RedisClusterNode; replica: RedisClusterNode }> {
  const lines = (await run('redis-cli', ['-p', String(seed), 'cluster', 'nodes']))
    .trim()
    .split('\n')
    .map((line) => line.split(' '));
  const port = (address: string): number => Number(/:(\d+)@/.exec(address)?.[1]);
  const byPort = (p: number): RedisClusterNode => {
    const node = cluster.nodes.find((n) => n.port === p);
    if (!node) throw new Error(`no node on port ${p}`);
    return node;
  };
  const master = lines.find(
    (f) => f[2]?.includes('master') && f.slice(8).some((s) => /^0-/.test(s)),
  );
  const replica = lines.find((f) => f[3] === master?.[0]);
  if (!master || !replica) throw new Error('slot 0 has no master with a replica');
  return { master: byPort(port(master[1] ?? '')), replica: byPort(port(replica[1] ?? '')) };
}

describe('a local Redis Cluster', () => {
  let cluster: RedisCluster;
  beforeAll(async () => {
    cluster = await startRedisCluster();
  }, 60_000);
  afterAll(async () => {
    await cluster?.stop();
  });

  it('forms with three masters, a replica each, and every slot served', async () => {
    const roles = await Promise.all(cluster.nodes.map((n) => n.role()));
    expect(roles.filter((r) => r === 'master')).toHaveLength(3);
    expect(roles.filter((r) => r === 'slave')).toHaveLength(3);
    const info = await run('redis-cli', ['-p', String(cluster.nodes[0]?.port), 'cluster', 'info']);
    expect(info).toContain('cluster_slots_ok:16384');
  });

  it('promotes the replica of a SIGKILLed master, which rejoins as a replica', async () => {
    const { master, replica } = await slotZero(cluster, cluster.nodes[0]?.port ?? 0);
    await master.kill();
    // The cluster reads ok until the node timeout has passed: wait for the promotion itself.
    await waitUntil(async () => (await replica.role()) === 'master', 30_000, 'replica promoted');
    await cluster.untilHealthy();
    await master.start();
    await waitUntil(async () => (await master.role()) === 'slave', 30_000, 'old master rejoined');
    await cluster.untilHealthy();
    const { master: now, replica: standby } = await slotZero(cluster, master.port);
    expect([now.port, standby.port]).toEqual([replica.port, master.port]);
  }, 60_000);
});
