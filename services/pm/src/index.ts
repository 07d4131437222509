export * from './main.js';
export * from './pm/pm.machine.js';
export * from './account/account.machine.js';
