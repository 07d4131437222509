import { describe, expect, it } from 'vitest';
import { InvalidIdError, subjectsFor, type RiskCommandName } from './subjects.js';
import { subjectMatches } from './audit-read.js';

describe('risk subjects', () => {
  const s = subjectsFor('demo');

  it.each([
    ['halt', 'inst.demo.risk.cmd.halt'],
    ['reduce', 'inst.demo.risk.cmd.reduce'],
    ['resume', 'inst.demo.risk.cmd.resume'],
  ] as const)('builds the %s command subject', (action, subject) => {
    expect(s.riskCommand(action)).toBe(subject);
    expect(subjectMatches(s.anyRiskCommand, subject)).toBe(true);
  });

  it('refuses a command master-risk does not take', () => {
    expect(() => s.riskCommand('stop' as RiskCommandName)).toThrow(InvalidIdError);
  });

  it('keeps the risk commands apart from the PM check requests', () => {
    expect(subjectMatches(s.anyRiskCommand, s.pm('a').riskCheck)).toBe(false);
    expect(subjectMatches(s.anyRiskCheck, s.riskCommand('halt'))).toBe(false);
  });

  it('puts a PM\'s commanded trading state on its own risk subject, which no other PM\'s grant covers', () => {
    const subject = s.pm('pm-a').riskState;
    expect(subject).toBe('inst.demo.risk.pm.pm-a.evt.state');
    expect(subjectMatches('inst.demo.risk.pm.pm-a.>', subject)).toBe(true);
    expect(subjectMatches('inst.demo.risk.pm.pm-b.>', subject)).toBe(false);
    expect(subjectMatches(s.anyRiskCheck, subject)).toBe(false);
  });

  it('puts a PM\'s RISK_UNAVAILABLE record inside its own namespace, and in the audit log', () => {
    const subject = s.pm('pm-a').riskUnavailable;
    expect(subject).toBe('inst.demo.pm.pm-a.evt.risk_unavailable');
    expect(subjectMatches(s.pm('pm-a').all, subject)).toBe(true);
    expect(subjectMatches(s.anyPmRiskUnavailable, subject)).toBe(true);
    expect(s.auditSubjects.some((f) => subjectMatches(f, subject))).toBe(true);
  });

  it('audits risk alerts and decisions', () => {
    for (const subject of [s.riskAlert, s.riskDecided]) expect(s.auditSubjects.some((f) => subjectMatches(f, subject)), subject).toBe(true);
  });

  it.each([
    ['a.*.c', 'a.b.c', true],
    ['a.*.c', 'a.b.d', false],
    ['a.>', 'a.b.c', true],
    ['a.>', 'a', false],
    ['a.b', 'a.b.c', false],
  ])('matches filter %s against %s: %s', (filter, subject, ok) => {
    expect(subjectMatches(filter, subject)).toBe(ok);
  });
});
