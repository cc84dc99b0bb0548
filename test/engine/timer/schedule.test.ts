import { describe, expect, it } from 'vitest';
import { parseExpression } from '../../../engine/feel/index.ts';
import {
  INFINITE_REPETITIONS,
  checkTimerValue,
  nextCycleOccurrence,
  nextDueDate,
  scheduleTimer,
} from '../../../engine/timer/index.ts';

const now = Date.parse('2026-02-24T09:00:00Z');
const at = (iso: string) => Date.parse(iso);

describe('scheduling a duration timer', () => {
  it.each([
    ['PT15S', '2026-02-24T09:00:15Z'],
    ['PT1H30M', '2026-02-24T10:30:00Z'],
    ['P1DT2H', '2026-02-25T11:00:00Z'],
    ['P2W', '2026-03-10T09:00:00Z'],
    ['P1M', '2026-03-24T09:00:00Z'],
    ['P1Y', '2027-02-24T09:00:00Z'],
    ['PT0.5S', '2026-02-24T09:00:00.500Z'],
    ['PT0S', '2026-02-24T09:00:00Z'],
    ['-PT1H', '2026-02-24T08:00:00Z'],
  ])('%s is due at %s', (text, due) => {
    // when the timer is scheduled
    const result = nextDueDate('duration', text, now);

    // then it fires once at the due date
    expect(result).toEqual({ ok: true, value: { dueDate: at(due), repetitions: 1 } });
  });

  it('counts months on the calendar of the engine’s time zone', () => {
    // given 20:00 UTC on 31 January, already 1 February in Shanghai
    const lateJanuary = at('2026-01-31T20:00:00Z');

    // when a month is added in each zone
    const utc = nextDueDate('duration', 'P1M', lateJanuary, { timeZone: 'UTC' });
    const shanghai = nextDueDate('duration', 'P1M', lateJanuary, { timeZone: 'Asia/Shanghai' });

    // then each follows its own calendar
    expect(utc).toMatchObject({ value: { dueDate: at('2026-02-28T20:00:00Z') } });
    expect(shanghai).toMatchObject({ value: { dueDate: at('2026-02-28T20:00:00Z') } });
  });

  it.each(['1H', 'P', 'PT', 'P1H', 'PT1D', 'one hour', '', 'P1Y2'])(
    'refuses %j saying what a duration looks like',
    (text) => {
      // when the text is not an ISO 8601 duration
      const result = nextDueDate('duration', text, now);

      // then the failure quotes it
      expect(result).toEqual({ ok: false, message: expect.stringContaining(`'${text}'`) });
    },
  );
});

describe('scheduling a date timer', () => {
  it.each([
    ['2026-02-24T17:00:00+08:00', '2026-02-24T09:00:00Z'],
    ['2026-03-01T12:00:00Z', '2026-03-01T12:00:00Z'],
    ['2026-03-01T12:00Z', '2026-03-01T12:00:00Z'],
    ['2026-03-01T12:00:00.250-05:00', '2026-03-01T17:00:00.250Z'],
    ['2026-03-01T08:00:00[Asia/Shanghai]', '2026-03-01T00:00:00Z'],
    ['2026-07-01T10:00:00[Europe/Berlin]', '2026-07-01T08:00:00Z'],
    ['2026-03-01T08:00:00+08:00[Asia/Shanghai]', '2026-03-01T00:00:00Z'],
    ['2026-03-01T12:00:00', '2026-03-01T12:00:00Z'],
    ['2020-01-01T00:00:00Z', '2020-01-01T00:00:00Z'],
  ])('%s is due at %s', (text, due) => {
    // when the timer is scheduled
    const result = nextDueDate('date', text, now);

    // then it fires once then (a past date fires at once)
    expect(result).toEqual({ ok: true, value: { dueDate: at(due), repetitions: 1 } });
  });

  it.each([
    '2026-02-24',
    '2026-02-24 17:00:00+08:00',
    '2026-02-30T10:00:00Z',
    '2026-02-24T25:00:00Z',
    '2026-02-24T10:00:00[Nowhere/City]',
    'tomorrow',
  ])('refuses %j', (text) => {
    // when the text is not a date-time Zeebe reads
    const result = nextDueDate('date', text, now);

    // then the failure quotes it
    expect(result).toEqual({ ok: false, message: expect.stringContaining(`'${text}'`) });
  });
});

describe('scheduling a cycle timer', () => {
  it.each([
    ['R5/PT10S', '2026-02-24T09:00:10Z', 5],
    ['R/PT1M', '2026-02-24T09:01:00Z', INFINITE_REPETITIONS],
    ['R1/P1D', '2026-02-25T09:00:00Z', 1],
    ['R3/2026-02-24T12:00:00+08:00/PT5M', '2026-02-24T09:00:00Z', 3],
    ['R3/2026-02-25T09:00:00Z/PT5M', '2026-02-25T09:00:00Z', 3],
    ['R/2026-03-01T10:00:00[Asia/Shanghai]/P1D', '2026-03-01T02:00:00Z', INFINITE_REPETITIONS],
    ['0 0 9-17 * * MON-FRI', '2026-02-24T10:00:00Z', INFINITE_REPETITIONS],
    ['0 30 * * * *', '2026-02-24T09:30:00Z', INFINITE_REPETITIONS],
    ['0 0 12 L * ?', '2026-02-28T12:00:00Z', INFINITE_REPETITIONS],
    ['@daily', '2026-02-25T00:00:00Z', INFINITE_REPETITIONS],
  ])('%s is first due at %s, %i times', (text, due, repetitions) => {
    // when the timer is scheduled
    const result = nextDueDate('cycle', text, now);

    // then its first occurrence and repetitions follow Zeebe
    expect(result).toEqual({
      ok: true,
      value: { dueDate: at(due), repetitions, cycle: text },
    });
  });

  it('reads cron fields in the engine’s time zone', () => {
    // when 09:00 every day is scheduled in Shanghai
    const result = nextDueDate('cycle', '0 0 9 * * *', now, { timeZone: 'Asia/Shanghai' });

    // then it is due at 01:00 UTC the next day
    expect(result).toMatchObject({ value: { dueDate: at('2026-02-25T01:00:00Z') } });
  });

  it.each([
    ['R5', 'expected'],
    ['R5/', 'expected'],
    ['R5/2026-02-24T09:00:00Z/', 'Invalid duration'],
    ['Rx/PT1M', 'expected'],
    ['R5/PT0S', 'longer than zero'],
    ['R/2026-02-30T00:00:00Z/PT1M', 'Invalid date-time'],
    ['PT1M', 'neither a repeating interval'],
    ['* * * * *', 'neither a repeating interval'],
    ['0 0 25 * * *', 'Invalid value for hour'],
    ['0 0 0 30 2 *', 'never fires'],
  ])('refuses %j saying %s', (text, message) => {
    // when the cycle cannot be read
    const result = nextDueDate('cycle', text, now);

    // then the failure quotes it and says why
    expect(result).toEqual({ ok: false, message: expect.stringContaining(message) });
  });
});

describe('the occurrences of a cycle after it fires', () => {
  it('fires an R3 cycle three times, each one interval after the last', () => {
    // given an R3 cycle scheduled now
    const first = nextDueDate('cycle', 'R3/PT10M', now);
    if (!first.ok) throw new Error(first.message);

    // when it fires on time each time
    const second = nextCycleOccurrence('R3/PT10M', first.value, first.value.dueDate);
    if (!second.ok || !second.value) throw new Error('no second occurrence');
    const third = nextCycleOccurrence('R3/PT10M', second.value, second.value.dueDate);
    if (!third.ok || !third.value) throw new Error('no third occurrence');
    const fourth = nextCycleOccurrence('R3/PT10M', third.value, third.value.dueDate);

    // then the repetitions count down and stop after the third
    expect([first.value, second.value, third.value].map((o) => [o.dueDate, o.repetitions])).toEqual(
      [
        [at('2026-02-24T09:10:00Z'), 3],
        [at('2026-02-24T09:20:00Z'), 2],
        [at('2026-02-24T09:30:00Z'), 1],
      ],
    );
    expect(fourth).toEqual({ ok: true, value: null });
  });

  it('counts the next occurrence from now when the last one fired late, after downtime', () => {
    // given an occurrence due at 09:10 that fires at 11:03 after an outage
    const last = { dueDate: at('2026-02-24T09:10:00Z'), repetitions: INFINITE_REPETITIONS };

    // when the next occurrence is scheduled
    const next = nextCycleOccurrence('R/PT10M', last, at('2026-02-24T11:03:00Z'));

    // then the missed occurrences are not replayed one after another
    expect(next).toEqual({
      ok: true,
      value: { dueDate: at('2026-02-24T11:13:00Z'), repetitions: -1, cycle: 'R/PT10M' },
    });
  });

  it('continues a cycle with a start one interval after each occurrence', () => {
    // given the first occurrence at the start date
    const last = { dueDate: at('2026-02-25T09:00:00Z'), repetitions: 3 };

    // when the next occurrence is scheduled
    const next = nextCycleOccurrence('R3/2026-02-25T09:00:00Z/P1D', last, last.dueDate);

    // then it is a day later, with two left
    expect(next).toMatchObject({ value: { dueDate: at('2026-02-26T09:00:00Z'), repetitions: 2 } });
  });

  it('moves a cron cycle to its next match', () => {
    // given an hourly cron occurrence that fired at 10:00
    const last = { dueDate: at('2026-02-24T10:00:00Z'), repetitions: INFINITE_REPETITIONS };

    // when the next occurrence is scheduled
    const next = nextCycleOccurrence('0 0 * * * *', last, last.dueDate);

    // then it is due at 11:00 and repeats on
    expect(next).toMatchObject({ value: { dueDate: at('2026-02-24T11:00:00Z'), repetitions: -1 } });
  });
});

describe('scheduling a timer definition of a model', () => {
  it.each([
    ['duration', '=reminder', '2026-02-24T11:00:00Z', { reminder: 'PT2H' }],
    ['duration', '=duration("P1D")', '2026-02-25T09:00:00Z', {}],
    ['duration', '=duration("P1M")', '2026-03-24T09:00:00Z', {}],
    ['date', '=deadline', '2026-03-01T00:00:00Z', { deadline: '2026-03-01T08:00:00+08:00' }],
    [
      'date',
      '=date and time(date("2026-03-01"), time("08:00:00@Asia/Shanghai"))',
      '2026-03-01T00:00:00Z',
      {},
    ],
    ['date', '=date and time("2026-03-01T08:00:00")', '2026-03-01T08:00:00Z', {}],
    ['cycle', '="R2/PT" + string(minutes) + "M"', '2026-02-24T09:05:00Z', { minutes: 5 }],
    ['duration', 'PT30M', '2026-02-24T09:30:00Z', {}],
  ] as const)('a %s %s is due at %s', (kind, raw, due, variables) => {
    // when the timer of an element is scheduled
    const result = scheduleTimer({ kind, value: parseExpression(raw) }, variables, now);

    // then FEEL strings and temporal values both schedule
    expect(result).toMatchObject({ ok: true, value: { dueDate: at(due) } });
  });

  it.each([
    ['duration', '=missing', "to be one of 'DURATION, PERIOD, STRING', but was 'NULL'"],
    ['date', '=42', "to be one of 'DATE_TIME, STRING', but was 'NUMBER'"],
    ['date', '=date("2026-03-01")', "but was 'DATE'"],
    ['cycle', '=duration("PT1H")', "to be 'STRING', but was 'DURATION'"],
    ['duration', '=label', "Invalid duration 'soon'"],
  ] as const)('a %s %s fails saying %s', (kind, raw, message) => {
    // when the expression gives something that is not a timer
    const result = scheduleTimer({ kind, value: parseExpression(raw) }, { label: 'soon' }, now);

    // then the failure is data for an incident
    expect(result).toEqual({ ok: false, message: expect.stringContaining(message) });
  });

  it('checks static values at deployment', () => {
    // when static timer values are checked
    const good = checkTimerValue('cycle', 'R3/PT1H', now);
    const bad = checkTimerValue('duration', 'PT1X', now);

    // then only the bad one has a problem
    expect(good).toBeNull();
    expect(bad).toContain("'PT1X'");
  });
});
