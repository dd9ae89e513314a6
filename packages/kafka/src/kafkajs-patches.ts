// Must be evaluated before kafkajs is first loaded: index.ts imports it first, and every module
// of this package that imports kafkajs as a value imports this before it.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** The kafkajs release this patch was written against (its file is replaced wholesale). */
const PATCHED_VERSION = '2.2.4';
const MODULE = 'kafkajs/src/producer/groupMessagesPerPartition.js';

type Partitioner = (args: { topic: string; partitionMetadata: unknown[]; message: unknown }) => number;

/**
 * kafkajs groups a send's messages per partition by copying the partition's array for every
 * message (quadratic; tulios/kafkajs#1576, never released). At a transaction of 8,000 status
 * events it was a quarter of the dispatcher's allocations. Same contract, one pass.
 */
export function groupMessagesPerPartition({ topic, partitionMetadata, messages, partitioner }: { topic: string; partitionMetadata: unknown[]; messages: unknown[]; partitioner: Partitioner }): Record<number, unknown[]> {
  const result: Record<number, unknown[]> = {};
  if (partitionMetadata.length === 0) return result;
  for (const message of messages) {
    const partition = partitioner({ topic, partitionMetadata, message });
    (result[partition] ??= []).push(message);
  }
  return result;
}

type Grouping = typeof groupMessagesPerPartition;

function patch(): { patched: boolean; original?: Grouping } {
  const version = (require('kafkajs/package.json') as { version: string }).version;
  if (version !== PATCHED_VERSION) return { patched: false }; // another release: leave it as it is
  const path = require.resolve(MODULE);
  // A real module record in the cache, whose exports the producer will get.
  const original = require(MODULE) as Grouping;
  // The producer captures the grouping when it loads: too late once it has.
  if (require.cache[require.resolve('kafkajs/src/producer/sendMessages.js')]) return { patched: false, original };
  const cached = require.cache[path];
  if (!cached) return { patched: false, original };
  cached.exports = groupMessagesPerPartition;
  return { patched: true, original };
}

const patched = patch();

/** True when the linear grouping is what kafkajs's producer uses. */
export const kafkajsGroupingPatched = patched.patched;

/** kafkajs's own (quadratic) grouping, kept so tests and benchmarks compare against the real thing. */
export const kafkajsOriginalGrouping: Grouping | undefined = patched.original;
