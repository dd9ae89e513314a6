import './kafkajs-patches.js'; // first: the patches replace kafkajs modules before it loads
import { createRequire } from 'node:module';
import type * as KafkaJS from 'kafkajs';

/**
 * kafkajs, loaded when this module runs, after its patches. A static `import … from 'kafkajs'`
 * would not do: in the production bundle (esbuild, kafkajs external) every import of an external
 * package is hoisted above all bundled code, so kafkajs loaded before the patches and the
 * services ran without them (found when createKafka began to refuse an unpatched send). Values
 * of kafkajs come from here; its types may be imported directly.
 */
export const kafkajs = createRequire(import.meta.url)('kafkajs') as typeof KafkaJS;
