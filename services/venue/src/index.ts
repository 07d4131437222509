export * from './main.js';
export * from './venue/venue.machine.js';
export * from './data.js';
