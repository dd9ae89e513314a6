// Prints the opt-out classifier's recall and false opt-outs on labelled files:
//   npm run eval:opt-out [-- file.tsv ...]   (default: the project's labelled and held-out sets)
import { readFileSync } from 'node:fs';
import {
  parseLabelled,
  scoreClassifier,
} from '../services/compliance/src/inbound/labelled-replies.js';

const DEFAULTS = [
  'services/compliance/data/opt-out/labelled.tsv',
  'services/compliance/data/opt-out/holdout.tsv',
];
const files = process.argv.slice(2).length > 0 ? process.argv.slice(2) : DEFAULTS;
let failed = false;
for (const file of files) {
  const score = scoreClassifier(parseLabelled(readFileSync(file, 'utf8')));
  const pct = (score.recall * 100).toFixed(1);
  console.log(
    `${file}: recall ${pct} % (${score.optOuts - score.missed.length}/${score.optOuts} opt-outs), ` +
      `false opt-outs ${score.falseOptOuts.length}/${score.benign} benign`,
  );
  for (const r of score.missed) console.log(`  missed      line ${r.line}: ${r.text}`);
  for (const r of score.falseOptOuts) console.log(`  false opt-out line ${r.line}: ${r.text}`);
  failed ||= score.falseOptOuts.length > 0;
}
// A false opt-out silences a customer who did not ask: that fails the command.
process.exitCode = failed ? 1 : 0;
