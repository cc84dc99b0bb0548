import { describe, expect, it } from 'vitest';

import {
  ageOn,
  applicantRetirementMonth,
  minimumContributionYears,
  retirementDelayMonths,
  statutoryRetirementMonth,
  type RetirementCategory,
} from '../../server/form/retirement.ts';

describe('statutory retirement month (decision of 2024-09-13)', () => {
  it.each<[string, RetirementCategory, string]>([
    // DOMAIN.md's worked examples
    ['1965-01', 'male', '2025-02'],
    ['1965-12', 'male', '2026-03'],
    ['1971-04', 'female-55', '2026-08'],
    ['1975-03', 'female-50', '2025-05'],
    // born before the first affected month: the old age, no delay
    ['1964-12', 'male', '2024-12'],
    ['1969-12', 'female-55', '2024-12'],
    ['1974-12', 'female-50', '2024-12'],
    // the first month of each category: one month of delay
    ['1970-01', 'female-55', '2025-02'],
    ['1975-01', 'female-50', '2025-02'],
    // a step boundary: four birth months per month of delay for men
    ['1965-04', 'male', '2025-05'],
    ['1965-05', 'male', '2025-07'],
    // the cap: 36 months for men (→ 63), 60 for women of 50 (→ 55)
    ['1976-12', 'male', '2039-12'],
    ['1980-06', 'male', '2043-06'],
    ['1984-12', 'female-50', '2039-12'],
    ['1990-01', 'female-50', '2045-01'],
    ['1981-12', 'female-55', '2039-12'],
  ])('someone born %s (%s) retires in %s', (birthMonth, category, expected) => {
    expect(statutoryRetirementMonth(birthMonth, category)).toBe(expected);
  });

  it.each<[string, RetirementCategory, number]>([
    ['1965-01', 'male', 1],
    ['1965-12', 'male', 3],
    ['1971-04', 'female-55', 4],
    ['1975-03', 'female-50', 2],
    ['1976-08', 'male', 35],
    ['1976-09', 'male', 36],
    ['1984-11', 'female-50', 60],
  ])('a person born %s (%s) works %i months longer', (birthMonth, category, delay) => {
    expect(retirementDelayMonths(birthMonth, category)).toBe(delay);
  });

  it('takes a woman’s category from the form, not from her sex', () => {
    // given two women born the same month with different original ages
    const base = { sex: 'female', birthDate: '1975-03-09' } as const;

    // then each retires by her own schedule
    expect(applicantRetirementMonth({ ...base, retirementBase: 'female-50' } as never)).toBe(
      '2025-05',
    );
    expect(applicantRetirementMonth({ ...base, retirementBase: 'female-55' } as never)).toBe(
      '2031-07',
    );
  });
});

describe('age on a date', () => {
  it.each([
    ['1990-03-07', '2026-03-06', 35],
    ['1990-03-07', '2026-03-07', 36],
    ['2010-03-10', '2026-03-09', 15],
    ['2010-03-10', '2026-03-10', 16],
    ['2000-02-29', '2026-02-28', 25],
    ['2000-02-29', '2026-03-01', 26],
    ['2000-02-29', '2028-02-29', 28],
  ])('someone born %s is, on %s, %i years old', (birthDate, date, age) => {
    expect(ageOn(birthDate, date)).toBe(age);
  });
});

describe('minimum contribution years', () => {
  it.each([
    [2025, 15],
    [2029, 15],
    [2030, 15.5],
    [2031, 16],
    [2035, 18],
    [2039, 20],
    [2045, 20],
  ])('someone retiring in %i needs %d years', (year, years) => {
    expect(minimumContributionYears(year)).toBe(years);
  });
});
