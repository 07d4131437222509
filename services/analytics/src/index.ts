export * from './main.js';
export * from './analytics/analytics.machine.js';
