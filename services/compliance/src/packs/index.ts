import { AU } from './au.js';
import { CA } from './ca.js';
import { DEFAULT } from './default.js';
import { FR } from './fr.js';
import { GB } from './gb.js';
import { IN } from './in.js';
import type { CountryPackData } from './pack.js';
import { US } from './us.js';

export type { CountryPackData, DayGroup, DayRules, RegionPackData } from './pack.js';
/** Every country pack, by ISO country; `DEFAULT_PACK` for the rest. */
export const PACKS: ReadonlyMap<string, CountryPackData> = new Map(
  [US, FR, GB, IN, CA, AU].map((p) => [p.country, p]),
);
export const DEFAULT_PACK = DEFAULT;
