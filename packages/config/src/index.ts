export * from './parse-config.js';
export * from './env.js';
export * from './tenants.js';
export { z } from 'zod';
