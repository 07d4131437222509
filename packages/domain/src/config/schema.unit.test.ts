import { describe, expect, it } from 'vitest';
import { resolveConfigPath } from './config-files.js';
import { describeValue, isCalendarDate } from './schema.js';
import { editDistance, suggestKey, toSnakeCase } from './suggest.js';

describe('config schema helpers', () => {
  it.each([
    ['2016-02-29', true], ['2015-02-29', false], ['2000-02-29', true], ['1900-02-29', false],
    ['2014-04-31', false], ['2014-12-31', true], ['2014-13-01', false], ['2014-00-10', false], ['2014-1-1', false],
  ])('knows whether %s is a calendar date (%s)', (text, ok) => {
    expect(isCalendarDate(text)).toBe(ok);
  });

  it.each([
    ['/cfg', 'data/x.csv', '/cfg/data/x.csv'],
    ['/cfg/sub', '../data/x.csv', '/cfg/data/x.csv'],
    ['/cfg/', './a//b/./c.csv', '/cfg/a/b/c.csv'],
    ['/cfg', '/abs/../x.csv', '/x.csv'],
    ['/', '../../x.csv', '/x.csv'],
  ])('resolves %s + %s to %s', (base, path, abs) => {
    expect(resolveConfigPath(base, path)).toBe(abs);
  });

  it.each([
    ['kitten', 'sitting', 3], ['', 'abc', 3], ['abc', 'abc', 0], ['max_postion_pct', 'max_position_pct', 1], ['flaw', 'lawn', 2],
  ])('measures the edit distance of %j and %j as %i', (a, b, d) => {
    expect(editDistance(a, b)).toBe(d);
    expect(editDistance(b, a)).toBe(d);
  });

  it.each<[string, string | undefined]>([
    ['max_postion_pct', 'max_position_pct'],
    ['maxPositionPct', 'max_position_pct'],
    ['max-drawdown-pct', 'max_drawdown_pct'],
    ['MAX_POSITION_PCT', 'max_position_pct'],
    ['position', undefined],
    ['colour', undefined],
  ])('suggests for %j the key %j', (typo, hint) => {
    expect(suggestKey(typo, ['max_position_pct', 'max_drawdown_pct'])).toBe(hint);
  });

  it('spells camelCase in snake_case', () => {
    expect(toSnakeCase('slippageBps')).toBe('slippage_bps');
  });

  it.each<[unknown, string]>([
    ['ten', '"ten"'], [-5, '-5'], [true, 'true'], [null, 'null'], [[1], 'a list'], [{ a: 1 }, 'a mapping'], [NaN, 'NaN'], [new Date(0), 'a timestamp'],
  ])('describes the found value %j as %s', (value, text) => {
    expect(describeValue(value)).toBe(text);
  });
});
