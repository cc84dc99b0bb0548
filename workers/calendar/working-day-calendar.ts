import chineseDays from 'chinese-days/dist/chinese-days.json' with { type: 'json' };

import type { WorkingDayYear } from '../../server/reference-data/reference-data.ts';
import { assertDay, isWeekend, nextDay, yearOf } from './calendar-day.ts';

/**
 * China's statutory working-day calendar (DOMAIN.md "Working days"): a year's State Council
 * holiday notice loaded as reference data wins; otherwise the data `chinese-days` ships
 * answers for the years it covers; a year neither knows is counted Monday to Friday and
 * reported as such, never silently.
 *
 * Days are Beijing-time `YYYY-MM-DD` strings throughout. The library's functions are not
 * used: they key their tables with the process's local date getters, so west of UTC every
 * holiday moves a day early; its published JSON is keyed by plain date strings.
 */
export class WorkingDayCalendar {
  private readonly notices = new Map<number, YearNotice>();

  constructor(years: WorkingDayYear[] = []) {
    for (const year of years) this.notices.set(year.year, noticeOf(year));
  }

  /** Whether a statutory calendar (a loaded notice or `chinese-days`) covers `year`. */
  covers(year: number): boolean {
    return this.notices.has(year) || library.years.has(year);
  }

  /** The last year covered without a gap from the first covered year. */
  lastCoveredYear(): number {
    let year = Math.min(...library.years, ...this.notices.keys());
    while (this.covers(year + 1)) year += 1;
    return year;
  }

  /** Whether `day` is a working day; for a year not covered, whether it is Monday to Friday. */
  isWorkingDay(day: string): boolean {
    const notice = this.notices.get(yearOf(day)) ?? (library.years.has(yearOf(day)) && library);
    if (notice) {
      if (notice.workingDays.has(day)) return true;
      if (notice.holidays.has(day)) return false;
    }
    return !isWeekend(day);
  }

  /**
   * The `count`-th working day after `day`, not counting `day` itself, with every year it
   * stepped through that no statutory calendar covers (there Monday to Friday was assumed).
   */
  addWorkingDays(day: string, count: number): { day: string; uncoveredYears: number[] } {
    assertDay(day);
    if (!Number.isInteger(count) || count < 1) {
      throw new RangeError(`working days to add must be a whole number ≥ 1, got <${count}>`);
    }

    const uncovered = new Set<number>();
    let current = day;
    for (let left = count; left > 0;) {
      current = nextDay(current);
      if (!this.covers(yearOf(current))) uncovered.add(yearOf(current));
      if (this.isWorkingDay(current)) left -= 1;
    }
    return { day: current, uncoveredYears: [...uncovered].sort((a, b) => a - b) };
  }
}

// helpers ------------------------------------------------------------------

interface YearNotice {
  holidays: Set<string>;
  workingDays: Set<string>;
}

const library = {
  holidays: new Set(Object.keys(chineseDays.holidays)),
  workingDays: new Set(Object.keys(chineseDays.workdays)),
  years: new Set(Object.keys(chineseDays.holidays).map(yearOf)),
};

function noticeOf(year: WorkingDayYear): YearNotice {
  const holidays = new Set<string>();
  for (const holiday of year.holidays) {
    for (let day = holiday.from; day <= holiday.to; day = nextDay(day)) holidays.add(day);
  }
  return { holidays, workingDays: new Set(year.workingDays.map((entry) => entry.date)) };
}
