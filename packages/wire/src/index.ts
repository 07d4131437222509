export * from './envelope.codec.js';
export * from './mappers.js';
