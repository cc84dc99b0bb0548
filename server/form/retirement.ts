import { Temporal } from 'temporal-polyfill';

import type { Applicant, WomenRetirementBase } from './application-form.ts';
import { addMonths, monthOf, monthsBetween } from './calendar-date.ts';

/**
 * Age and the statutory retirement schedule of the Standing Committee's decision of
 * 2024-09-13, in force 2025-01-01 (DOMAIN.md "Statutory retirement age").
 */

/** Men, or women by the original retirement age HRSS assigned them. */
export type RetirementCategory = 'male' | WomenRetirementBase;

interface Schedule {
  baseAge: number;
  /** First birth month whose retirement is delayed, `YYYY-MM`. */
  firstAffected: string;
  /** Birth months per month of delay. */
  step: number;
  maxDelayMonths: number;
}

const schedules: Record<RetirementCategory, Schedule> = {
  male: { baseAge: 60, firstAffected: '1965-01', step: 4, maxDelayMonths: 36 },
  'female-55': { baseAge: 55, firstAffected: '1970-01', step: 4, maxDelayMonths: 36 },
  'female-50': { baseAge: 50, firstAffected: '1975-01', step: 2, maxDelayMonths: 60 },
};

/** Age in whole years on `date` (both `YYYY-MM-DD`); a 29 February birthday counts on 1 March. */
export function ageOn(birthDate: string, date: string): number {
  return Temporal.PlainDate.from(birthDate).until(date, { largestUnit: 'years' }).years;
}

/** Months of delay the 2025 schedule adds for someone born in `birthMonth` (`YYYY-MM`). */
export function retirementDelayMonths(birthMonth: string, category: RetirementCategory): number {
  const schedule = schedules[category];
  const sinceFirst = monthsBetween(schedule.firstAffected, birthMonth);
  if (sinceFirst < 0) return 0;
  return Math.min(schedule.maxDelayMonths, Math.floor(sinceFirst / schedule.step) + 1);
}

/**
 * The month (`YYYY-MM`) in which someone born in `birthMonth` reaches statutory retirement
 * age: the base age plus the delay. E.g. a man born 1965-01 → 2025-02.
 */
export function statutoryRetirementMonth(birthMonth: string, category: RetirementCategory): string {
  const { baseAge } = schedules[category];
  return addMonths(birthMonth, baseAge * 12 + retirementDelayMonths(birthMonth, category));
}

/** The applicant's category: men by sex, women by the base entered on the form. */
export function retirementCategoryOf(
  applicant: Pick<Applicant, 'sex' | 'retirementBase'>,
): RetirementCategory {
  if (applicant.sex === 'male') return 'male';
  if (!applicant.retirementBase) {
    throw new TypeError('a woman applicant needs retirementBase (female-55 or female-50)');
  }
  return applicant.retirementBase;
}

/** The applicant's statutory retirement month, from the birth date and category on the form. */
export function applicantRetirementMonth(applicant: Applicant): string {
  return statutoryRetirementMonth(monthOf(applicant.birthDate), retirementCategoryOf(applicant));
}

/**
 * Minimum years of contributions for a monthly pension for someone reaching retirement age
 * in `year`: 15 until 2029, then six months more each year up to 20 in 2039.
 */
export function minimumContributionYears(year: number): number {
  if (year <= 2029) return 15;
  return Math.min(20, 15 + (year - 2029) * 0.5);
}
