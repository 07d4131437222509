import { describe, expect, it } from 'vitest';
import { businessDays, daysToIsoDate, isIsoDate, isoDateToDays, weekdayOfDays } from './calendar.js';

describe('calendar', () => {
  it.each(['2020-01-02', '2020-02-29', '2000-02-29', '1995-12-31', '0001-01-01', '9999-12-31'])('accepts %s', (d) => {
    expect(isIsoDate(d)).toBe(true);
  });

  it.each([
    '2019-02-29', '1900-02-29', '2020-04-31', '2020-13-01', '2020-00-10', '2020-01-00', '2020-1-02', '20-01-02',
    '2020/01/02', '2020-01-02 ', ' 2020-01-02', '2020-01-0x', '', '2020-01-02T00:00',
  ])('rejects %j', (d) => {
    expect(isIsoDate(d)).toBe(false);
  });

  it.each([
    ['1970-01-01', 0, 4],
    ['1970-01-02', 1, 5],
    ['1969-12-31', -1, 3],
    ['2000-03-01', 11017, 3],
    ['2018-05-18', 17669, 5],
    ['2024-02-29', 19782, 4],
  ])('numbers %s as day %i, weekday %i (0 = Sunday)', (date, days, weekday) => {
    expect(isoDateToDays(date)).toBe(days);
    expect(daysToIsoDate(days)).toBe(date);
    expect(weekdayOfDays(days)).toBe(weekday);
  });

  it('round-trips every day of four centuries', () => {
    const first = isoDateToDays('1800-01-01');
    const last = isoDateToDays('2200-12-31');
    for (let d = first; d <= last; d++) {
      const text = daysToIsoDate(d);
      if (!isIsoDate(text) || isoDateToDays(text) !== d) throw new Error(`day ${d} -> ${text}`);
    }
    expect(last - first + 1).toBe(146462);
  });

  it.each([
    ['2024-01-05', '2024-01-08', ['2024-01-05', '2024-01-08']],
    ['2024-01-06', '2024-01-07', []],
    ['2024-02-28', '2024-03-01', ['2024-02-28', '2024-02-29', '2024-03-01']],
    ['2024-01-08', '2024-01-05', []],
  ])('lists the weekdays from %s to %s inclusive', (start, end, days) => {
    expect(businessDays(start, end)).toEqual(days);
  });

  it('counts 261 weekdays in 2019', () => {
    expect(businessDays('2019-01-01', '2019-12-31')).toHaveLength(261);
  });
});
