export * from './subjects.js';
export * from './broker.js';
export * from './bus.js';
export * from './logger.js';
export * from './shutdown.js';
export * from './audit.js';
