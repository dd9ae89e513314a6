// Writes the Grafana dashboards (deploy/grafana/dashboards/*.json) from deploy/grafana/dashboards.ts.
//   npm run dashboards            write them
//   npm run dashboards -- --check exit 1 if a committed file differs from what would be written
import { readFileSync, writeFileSync } from 'node:fs';
import { DASHBOARDS, renderDashboard } from '../deploy/grafana/dashboards.js';

const dir = new URL('../deploy/grafana/dashboards/', import.meta.url);
const check = process.argv.includes('--check');
let stale = 0;
for (const spec of DASHBOARDS) {
  const file = new URL(spec.file, dir);
  const text = `${JSON.stringify(renderDashboard(spec), null, 2)}\n`;
  if (!check) writeFileSync(file, text);
  else if (readFileSync(file, 'utf8') !== text) {
    console.error(`stale: deploy/grafana/dashboards/${spec.file} (run npm run dashboards)`);
    stale++;
  }
}
if (stale > 0) process.exit(1);
console.log(`${DASHBOARDS.length} dashboards ${check ? 'up to date' : 'written'}`);
