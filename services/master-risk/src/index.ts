export * from './main.js';
export * from './risk/risk.machine.js';
