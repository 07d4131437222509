export * from './session/backtest.js';
export * from './session/collector.js';
export * from './session/serve.js';
export * from './report/build.js';
export * from './session/synthetic-record.js';
export * from './bench/scale.js';
export * from './session/write-files.js';
