export * from './errors.js';
export * from './validation.js';
export * from './health.js';
