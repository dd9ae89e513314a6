import { GatewayError } from '@smsgw/core';
import type { z } from 'zod';

/** A config that failed validation: every problem, each naming where it is. */
export class ConfigError extends GatewayError {
  readonly problems: readonly string[];
  constructor(source: string, problems: readonly string[]) {
    super('CONFIG_INVALID', `invalid ${source}:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

/**
 * Validates `input` against `schema` once, reports every problem at once (not just the first),
 * and returns a deeply frozen value. `names` maps schema keys to what the operator set
 * (an env var name), so messages say `SMSGW_KAFKA_BROKERS: …` rather than `brokers: …`.
 */
export function parseConfig<S extends z.ZodType>(
  schema: S,
  input: unknown,
  source: string,
  names: Record<string, string> = {},
): Readonly<z.infer<S>> {
  const result = schema.safeParse(input);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => {
      const key = issue.path.map(String).join('.');
      const top = String(issue.path[0] ?? '');
      const label = names[top] ? names[top] + key.slice(top.length) : key || '(root)';
      return `${label}: ${issue.message}`;
    });
    throw new ConfigError(source, problems);
  }
  return deepFreeze(result.data);
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/**
 * Reads the settings named in `names` (setting → env var) from `env`, treating empty strings as
 * unset, and validates them with {@link parseConfig}.
 */
export function parseEnvConfig<S extends z.ZodType>(
  schema: S,
  names: Record<string, string>,
  env: Readonly<Record<string, string | undefined>>,
  source: string,
): Readonly<z.infer<S>> {
  const input = Object.fromEntries(
    Object.entries(names).map(([key, name]) => [key, env[name] === '' ? undefined : env[name]]),
  );
  return parseConfig(schema, input, source, names);
}
