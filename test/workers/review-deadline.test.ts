import { afterEach, describe, expect, it } from 'vitest';

import type { WorkingDayYear } from '../../server/reference-data/reference-data.ts';
import { ReceivedAtInvalidError, reviewDeadline } from '../../workers/calendar/review-deadline.ts';
import { WorkingDayCalendar } from '../../workers/calendar/working-day-calendar.ts';
import { referenceData } from './support/synthetic-applications.ts';

const shipped = new WorkingDayCalendar(referenceData.workingDays);

describe('the review deadline: one working day after receipt, Beijing time', () => {
  const originalZone = process.env.TZ;
  afterEach(() => {
    process.env.TZ = originalZone;
  });

  it.each([
    // DOMAIN.md: Saturday 2026-02-14 is an adjusted working day; Feb 15–23 are Spring Festival.
    ['received on Saturday 2026-02-14', '2026-02-14T10:00:00+08:00', '2026-02-24'],
    ['received at night UTC, already the 14th in Beijing', '2026-02-13T17:00:00Z', '2026-02-24'],
    ['received late on the 14th in Beijing', '2026-02-14T23:30:00+08:00', '2026-02-24'],
    ['received the day before, an ordinary Friday', '2026-02-13T10:00:00+08:00', '2026-02-14'],
    ['received before National Day', '2026-09-30T16:00:00+08:00', '2026-10-08'],
    [
      'received on a holiday, next day an adjusted Sunday',
      '2026-01-03T11:00:00+08:00',
      '2026-01-04',
    ],
    ['received Friday, next day an adjusted Saturday', '2026-02-27T09:00:00+08:00', '2026-02-28'],
    ['received Friday before Labour Day', '2026-04-30T09:00:00+08:00', '2026-05-06'],
    ['received on an ordinary Friday', '2026-03-13T09:00:00+08:00', '2026-03-16'],
    ['received on a Tuesday', '2026-03-10T09:00:00+08:00', '2026-03-11'],
  ])('%s (%s) is due at the end of %s', (_case, receivedAt, dueDay) => {
    // when the deadline of a request received then is computed
    const due = reviewDeadline(receivedAt, shipped);

    // then it is the end of the due day in Beijing time, with no calendar gap
    expect(due.dueDay).toBe(dueDay);
    expect(due.deadline).toBe(`${dueDay}T23:59:59+08:00`);
    expect(due.uncoveredYears).toEqual([]);
  });

  it.each(['America/Los_Angeles', 'Pacific/Kiritimati', 'UTC'])(
    'gives the same deadline whatever the process time zone (%s)',
    (zone) => {
      // given the process runs in another time zone
      process.env.TZ = zone;

      // when the DOMAIN.md example is computed, then Beijing's calendar still decides
      expect(reviewDeadline('2026-02-14T10:00:00+08:00', shipped).dueDay).toBe('2026-02-24');
      expect(reviewDeadline('2026-09-30T16:00:00+08:00', shipped).dueDay).toBe('2026-10-08');
    },
  );

  it('reports a year without calendar data instead of silently counting Monday to Friday', () => {
    // given no notice for 2027 is loaded and chinese-days ends with 2026
    // when a request is received on the last day of 2026
    const due = reviewDeadline('2026-12-31T15:00:00+08:00', shipped);

    // then the count assumed Monday to Friday in 2027 and says so
    expect(due.dueDay).toBe('2027-01-01');
    expect(due.uncoveredYears).toEqual([2027]);
    expect(shipped.covers(2027)).toBe(false);
    expect(shipped.lastCoveredYear()).toBe(2026);
  });

  it('uses a notice a manager loaded for a new year', () => {
    // given a (made-up) 2027 notice: New Year's Day holiday from Friday 1 to Sunday 3 January
    const notice2027: WorkingDayYear = {
      version: 1,
      year: 2027,
      source: '测试用通知',
      publishedOn: '2026-11-01',
      holidays: [{ name: '元旦', from: '2027-01-01', to: '2027-01-03' }],
      workingDays: [],
    };
    const calendar = new WorkingDayCalendar([...referenceData.workingDays, notice2027]);

    // when the same request is counted
    const due = reviewDeadline('2026-12-31T15:00:00+08:00', calendar);

    // then 2027 is covered and the holiday skipped
    expect(due.dueDay).toBe('2027-01-04');
    expect(due.uncoveredYears).toEqual([]);
    expect(calendar.lastCoveredYear()).toBe(2027);
  });

  it('lets a loaded notice override the library for its year', () => {
    // given a 2026 notice that (for the test) also closes Tuesday 2026-02-24
    const notice = structuredClone(referenceData.workingDays.find((year) => year.year === 2026)!);
    notice.holidays.push({ name: '测试休息日', from: '2026-02-24', to: '2026-02-24' });

    // when the DOMAIN.md example is counted, then the notice decides
    const due = reviewDeadline('2026-02-14T10:00:00+08:00', new WorkingDayCalendar([notice]));
    expect(due.dueDay).toBe('2026-02-25');
  });

  it.each(['2026-02-14', '2026-02-14T10:00:00', 'yesterday', '2026-02-30T10:00:00+08:00'])(
    'refuses a receipt time that is not ISO 8601 with an offset (%s)',
    (receivedAt) => {
      expect(() => reviewDeadline(receivedAt, shipped)).toThrow(ReceivedAtInvalidError);
    },
  );
});
