export * from './main.js';
export * from './alloc/alloc.machine.js';
