import type { RecipientHasher } from '@smsgw/core';
import type { ConsentPurpose, RecipientAdopter, RecipientRef } from '@smsgw/redis';
import type { BloomRegistry } from './bloom-registry.js';

/** Turns numbers into the references every store is keyed by. */
export interface RecipientRefs {
  /**
   * References under the current hash key. While a key is being retired, the records a number
   * still has under it are moved to the current hash first (and its granted consents added to
   * the bloom filters), so every read sees them and every write lands next to them.
   */
  resolve(items: readonly { tenantId: string; e164: string }[]): Promise<RecipientRef[]>;
}

/** Dependencies of {@link createRecipientRefs}. */
export interface RecipientRefsDeps {
  hasher: RecipientHasher;
  adopt: RecipientAdopter;
  blooms: Pick<BloomRegistry, 'add'>;
  /** Recipients whose records were moved to the current key. */
  onAdopted?: (count: number) => void;
}

export function createRecipientRefs(deps: RecipientRefsDeps): RecipientRefs {
  const rotating = deps.hasher.keyIds.length > 1;

  async function adoptRetired(
    items: readonly { tenantId: string; e164: string }[],
    refs: readonly RecipientRef[],
  ): Promise<void> {
    const requests = items.flatMap((item, i) =>
      deps.hasher
        .previous(item.e164)
        .map((from) => ({ tenantId: item.tenantId, from, to: refs[i]?.h ?? '' })),
    );
    const results = await deps.adopt(requests);
    const grants = new Map<string, { tenantId: string; purpose: ConsentPurpose; h: string[] }>();
    let adopted = 0;
    results.forEach((r, i) => {
      const request = requests[i];
      if (!r.adopted || !request) return;
      adopted++;
      for (const purpose of r.granted) {
        const id = `${request.tenantId}\0${purpose}`;
        const group = grants.get(id) ?? { tenantId: request.tenantId, purpose, h: [] };
        group.h.push(request.to);
        grants.set(id, group);
      }
    });
    await Promise.all([...grants.values()].map((g) => deps.blooms.add(g.tenantId, g.purpose, g.h)));
    if (adopted > 0) deps.onAdopted?.(adopted);
  }

  return {
    async resolve(items) {
      const refs = items.map((i) => ({ tenantId: i.tenantId, h: deps.hasher.current(i.e164) }));
      if (rotating && items.length > 0) await adoptRetired(items, refs);
      return refs;
    },
  };
}
