export * from './broker.js';
export * from './files.js';
