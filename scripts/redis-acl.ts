// Prints a Redis aclfile: the default user off and one user per service, with the rules of
// @smsgw/redis serviceAcl. Passwords are read from files (one per service) and written only
// as their sha256, so the output holds no secret.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { aclFileLine, type GatewayService } from '@smsgw/redis';

const { values } = parseArgs({
  options: {
    'ingress-password-file': { type: 'string' },
    'compliance-password-file': { type: 'string' },
    'dispatcher-password-file': { type: 'string' },
    'user-prefix': { type: 'string', default: 'smsgw-' },
  },
});
const services: GatewayService[] = ['ingress', 'compliance', 'dispatcher'];
const lines = ['user default off'];
for (const service of services) {
  const file = values[`${service}-password-file`];
  if (!file) {
    process.stderr.write(`redis-acl: --${service}-password-file is required\n`);
    process.exit(64);
  }
  const password = readFileSync(file, 'utf8').trim();
  const hash = createHash('sha256').update(password).digest('hex');
  lines.push(aclFileLine(`${values['user-prefix']}${service}`, service, hash));
}
process.stdout.write(lines.join('\n') + '\n');
