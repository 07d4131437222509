/*
 * Civil-date arithmetic on YYYY-MM-DD text without the Date object, so nothing here can read the
 * clock or depend on the host time zone. Day numbers count days since 1970-01-01 (proleptic
 * Gregorian), using Howard Hinnant's days_from_civil / civil_from_days.
 */

const ZERO_CODE = 48;

function digit(text: string, i: number): number {
  const d = text.charCodeAt(i) - ZERO_CODE;
  return d >= 0 && d <= 9 ? d : -1;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

/** True when text is exactly YYYY-MM-DD and names a real calendar day; pure, no regex. */
export function isIsoDate(text: string): boolean {
  if (text.length !== 10 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return false;
  let year = 0;
  for (let i = 0; i < 4; i++) {
    const d = digit(text, i);
    if (d < 0) return false;
    year = year * 10 + d;
  }
  const m1 = digit(text, 5), m2 = digit(text, 6), d1 = digit(text, 8), d2 = digit(text, 9);
  if (m1 < 0 || m2 < 0 || d1 < 0 || d2 < 0) return false;
  const month = m1 * 10 + m2;
  const day = d1 * 10 + d2;
  if (month < 1 || month > 12 || day < 1) return false;
  const max = month === 2 && isLeapYear(year) ? 29 : DAYS_IN_MONTH[month - 1]!;
  return day <= max;
}

/** Days since 1970-01-01 of a valid YYYY-MM-DD date (check with isIsoDate first); pure. */
export function isoDateToDays(text: string): number {
  let y = Number(text.slice(0, 4));
  const m = Number(text.slice(5, 7));
  const d = Number(text.slice(8, 10));
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** YYYY-MM-DD text of a day number (days since 1970-01-01); pure. */
export function daysToIsoDate(days: number): string {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp + (mp < 10 ? 3 : -9);
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** Day of the week of a day number: 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday); pure. */
export function weekdayOfDays(days: number): number {
  return (((days + 4) % 7) + 7) % 7;
}

/**
 * Every Monday–Friday date from start to end inclusive, ascending (no holiday calendar); pure.
 * Both bounds must be valid YYYY-MM-DD dates; returns [] when start > end.
 */
export function businessDays(start: string, end: string): string[] {
  const out: string[] = [];
  const last = isoDateToDays(end);
  for (let day = isoDateToDays(start); day <= last; day++) {
    const wd = weekdayOfDays(day);
    if (wd !== 0 && wd !== 6) out.push(daysToIsoDate(day));
  }
  return out;
}
