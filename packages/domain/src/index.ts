export * from './money/decimal.js';
export * from './market/bar.js';
export type * from './config/types.js';
export * from './strategy/index.js';
