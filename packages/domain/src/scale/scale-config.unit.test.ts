import { describe, expect, it } from 'vitest';
import { parseConfigObject } from '../config/parse-config.js';
import { businessDays } from '../data/calendar.js';
import { buildScaleConfig, endDateFor, scaleSymbols } from './scale-config.js';

describe('scale config', () => {
  it('names symbols across the sectors', () => {
    expect(scaleSymbols(8)).toEqual(['TECH1', 'FIN1', 'HLTH1', 'ENGY1', 'CONS1', 'INDU1', 'TECH2', 'FIN2']);
  });

  it.each([1, 5, 250, 1000])('ends on the %d-th business day', (steps) => {
    expect(businessDays('2010-01-04', endDateFor('2010-01-04', steps))).toHaveLength(steps);
  });

  it('builds a valid config of the asked shape, the same for the same seed', () => {
    const shape = { pms: 3, accountsPerPm: 4, strategiesPerPm: 7, symbols: 12, steps: 50, seed: 9 };
    const raw = buildScaleConfig(shape);
    expect(JSON.stringify(buildScaleConfig(shape))).toBe(JSON.stringify(raw));
    expect(JSON.stringify(buildScaleConfig({ ...shape, seed: 10 }))).not.toBe(JSON.stringify(raw));
    const c = parseConfigObject(raw, { baseDir: '/' });
    expect(c.pms).toHaveLength(3);
    expect(c.pms.every((p) => p.accounts.length === 4 && p.strategies.length === 7)).toBe(true);
    expect(new Set(c.pms.flatMap((p) => p.strategies.map((s) => s.params.type)))).toEqual(new Set(['sma_crossover', 'momentum', 'mean_reversion', 'ensemble']));
    expect(c.data.symbols).toHaveLength(12);
  });
});
