export type * from './types.js';
export { ConfigError, formatConfigIssue, type ConfigIssue } from './config-error.js';
export { resolveConfigPath, type ConfigFileAccess } from './config-files.js';
export { parseConfig, parseConfigObject, type ParseConfigOptions } from './parse-config.js';
export { DEFAULT_SIZING, STRATEGY_TYPES, SIGNAL_TYPES } from './strategy-section.js';
export { instrumentOf, type Instrument } from './instrument.js';
export { METADATA_KEYS, readMetadata } from './metadata-section.js';
export { effectiveSplit } from './allocation-section.js';
export { selectPmsByTag } from './select-by-tag.js';
