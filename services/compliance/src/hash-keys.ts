import { ConfigError, readSecret } from '@smsgw/config';
import { HASH_KEY_ID, type RecipientHashKey } from '@smsgw/core';

const MIN_SECRET_CHARS = 32;

/**
 * Parses a key ring written `id=secret,id=secret` (current key first), or the problems with it.
 * Secrets are never echoed in a problem.
 */
export function parseHashKeys(text: string): { keys: RecipientHashKey[]; problems: string[] } {
  const keys: RecipientHashKey[] = [];
  const problems: string[] = [];
  text
    .split(',')
    .map((entry) => entry.trim())
    .forEach((entry, i) => {
      const sep = entry.indexOf('=');
      const id = sep < 0 ? '' : entry.slice(0, sep);
      const secret = sep < 0 ? '' : entry.slice(sep + 1);
      if (!HASH_KEY_ID.test(id))
        problems.push(`key ${i + 1}: needs an id (a-z, 0-9, -; at most 16) then "=" and a secret`);
      else if (secret.length < MIN_SECRET_CHARS)
        problems.push(`key ${id}: the secret must be at least ${MIN_SECRET_CHARS} characters`);
      else if (keys.some((k) => k.id === id)) problems.push(`key ${id}: listed twice`);
      else keys.push({ id, secret, scheme: 'hmac-sha256' });
    });
  return { keys, problems };
}

/** The settings a key ring comes from (validated by the config schema). */
export interface HashKeySettings {
  hashKeys?: string | undefined;
  hashKeysFile?: string | undefined;
  hashSalt?: string | undefined;
}

/**
 * The recipient hash key ring: the HMAC keys of SMSGW_HASH_KEYS (or its file), current first,
 * then the salt of earlier releases as the oldest key, readable until its records have moved.
 */
export function hashKeyRing(settings: HashKeySettings): RecipientHashKey[] {
  const text =
    settings.hashKeysFile !== undefined
      ? readSecret(settings.hashKeysFile, 'SMSGW_HASH_KEYS_FILE')
      : settings.hashKeys;
  const ring: RecipientHashKey[] = [];
  if (text !== undefined) {
    const { keys, problems } = parseHashKeys(text);
    if (problems.length > 0)
      throw new ConfigError(
        'compliance configuration',
        problems.map((p) => `SMSGW_HASH_KEYS: ${p}`),
      );
    ring.push(...keys);
  }
  if (settings.hashSalt !== undefined)
    ring.push({ id: 'salt', secret: settings.hashSalt, scheme: 'legacy-sha256' });
  if (ring.length === 0)
    throw new ConfigError('compliance configuration', [
      'SMSGW_HASH_KEYS: is required (id=secret, 32+ characters) to hash phone numbers',
    ]);
  return ring;
}
