#!/usr/bin/env node
// The smsgw CLI. The workspace ships TypeScript: tsx loads it (no build step for operators).
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/main.ts');
process.exitCode = await main(process.argv, process.env);
