export * from './money/decimal.js';
export * from './market/bar.js';
export * from './config/index.js';
export type * from './strategy/strategy.js';
export * from './metrics/index.js';
