import { bloomParameters, type BloomParameters } from '@smsgw/core';
import type { Logger } from '@smsgw/observability';
import {
  createBloomFilter,
  redisKeys,
  type BloomFilter,
  type ConsentPurpose,
  type ConsentStore,
  type Redis,
} from '@smsgw/redis';

const PURPOSES: readonly ConsentPurpose[] = ['TRANSACTIONAL', 'MARKETING'];

/** The consent bloom filters, one per (tenant, purpose). */
export interface BloomRegistry {
  /** false = definitely no consent; true = maybe (or the filter is not ready: ask the exact store). */
  mightContain(
    items: readonly { tenantId: string; purpose: ConsentPurpose; h: string }[],
  ): Promise<boolean[]>;
  add(tenantId: string, purpose: ConsentPurpose, hashes: readonly string[]): Promise<void>;
  /** Rebuilds every filter from the exact store (opt-outs and revocations leave stale bits). */
  rebuildAll(): Promise<void>;
  params: BloomParameters;
}

/**
 * Filters sized from the expected consents and target false-positive rate, pre-allocated.
 * A filter that had to be created is empty, so it is not trusted (every check goes to the
 * exact store) until it has been rebuilt from the exact store.
 */
export async function createBloomRegistry(
  redis: Redis,
  consent: ConsentStore,
  tenantIds: readonly string[],
  expectedItems: number,
  falsePositiveRate: number,
  logger: Logger,
): Promise<BloomRegistry> {
  const params = bloomParameters(expectedItems, falsePositiveRate);
  const filters = new Map<string, BloomFilter>();
  const ready = new Set<string>();
  const id = (tenantId: string, purpose: string): string => `${tenantId}:${purpose}`;
  for (const tenantId of tenantIds) {
    for (const purpose of PURPOSES) {
      const filter = createBloomFilter(redis, redisKeys.bloom(tenantId, purpose), params);
      filters.set(id(tenantId, purpose), filter);
      if (!(await filter.ensure())) ready.add(id(tenantId, purpose));
    }
  }

  async function rebuild(tenantId: string, purpose: ConsentPurpose): Promise<void> {
    const filter = filters.get(id(tenantId, purpose)) as BloomFilter;
    const count = await filter.rebuild(consent.grantedHashes(tenantId, purpose));
    ready.add(id(tenantId, purpose));
    logger.info(
      { tenantId, purpose, count, bits: params.bits, hashes: params.hashes },
      'consent bloom filter rebuilt',
    );
  }

  const registry: BloomRegistry = {
    params,
    async mightContain(items) {
      const answers: boolean[] = items.map(() => true);
      const groups = new Map<string, number[]>();
      items.forEach((item, i) => {
        const key = id(item.tenantId, item.purpose);
        if (!ready.has(key)) return;
        let list = groups.get(key);
        if (!list) groups.set(key, (list = []));
        list.push(i);
      });
      await Promise.all(
        [...groups].map(async ([key, indexes]) => {
          const result = await (filters.get(key) as BloomFilter).mightContain(
            indexes.map((i) => items[i]?.h ?? ''),
          );
          indexes.forEach((i, j) => (answers[i] = result[j] ?? true));
        }),
      );
      return answers;
    },
    async add(tenantId, purpose, hashes) {
      await filters.get(id(tenantId, purpose))?.add(hashes);
    },
    async rebuildAll() {
      for (const tenantId of tenantIds)
        for (const purpose of PURPOSES) await rebuild(tenantId, purpose);
    },
  };
  const missing = [...filters.keys()].filter((k) => !ready.has(k));
  if (missing.length > 0) {
    for (const key of missing) {
      const [tenantId, purpose] = key.split(':') as [string, ConsentPurpose];
      await rebuild(tenantId, purpose);
    }
  }
  return registry;
}
