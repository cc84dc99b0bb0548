import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { isWorkday } from 'chinese-days';
import { Temporal } from 'temporal-polyfill';
import { afterEach, describe, expect, it } from 'vitest';

import { ReferenceDataError } from '../../server/reference-data/errors.ts';
import {
  cardBanksOf,
  ethnicGroupName,
  housingFundBaseRange,
  housingFundRatioRange,
  lastCalendarYear,
  pensionBaseRange,
  workingDayYear,
} from '../../server/reference-data/lookups.ts';
import {
  loadReferenceData,
  parseWorkingDayYear,
  referenceDataDirectory,
  type WorkingDayYear,
} from '../../server/reference-data/reference-data.ts';

const data = loadReferenceData();

describe('shipped reference data', () => {
  it('lists the 16 cities of Shandong, each with a counter marked as sample data', () => {
    expect(data.cities.map((city) => city.code)).toEqual([
      '370100', '370200', '370300', '370400', '370500', '370600', '370700', '370800',
      '370900', '371000', '371100', '371300', '371400', '371500', '371600', '371700',
    ]); // prettier-ignore
    expect(data.cities.map((city) => city.name)).toContain('菏泽市');
    for (const city of data.cities) {
      expect(city.counter).toMatchObject({
        sample: true,
        address: expect.stringContaining('山东省'),
      });
    }
  });

  it('keeps Laiwu as a former city merged into Jinan, not as a city', () => {
    expect(data.cities.some((city) => city.code === '371200')).toBe(false);
    expect(data.formerCities).toContainEqual(
      expect.objectContaining({ code: '371200', mergedInto: '370100' }),
    );
  });

  it('lists the current counties, with Laiwu’s area as two districts of Jinan', () => {
    const codes = data.counties.map((county) => county.code);
    expect(codes).toEqual(
      expect.arrayContaining(['370102', '370116', '370117', '370281', '371702']),
    );
    expect(codes.filter((code) => code.startsWith('3712'))).toEqual([]);
    expect(data.formerCities[0]?.successors).toEqual(['370116', '370117']);
    for (const county of data.counties)
      expect(county.code.slice(0, 4)).toBe(county.city.slice(0, 4));
  });

  it.each([
    ['01', '汉族'],
    ['36', '毛南族'],
    ['46', '德昂族'],
    ['56', '基诺族'],
    ['97', '其他'],
    ['98', '外国血统中国籍人士'],
  ])('names GB/T 3304 ethnic group %s %s', (code, name) => {
    expect(ethnicGroupName(data, code)).toBe(name);
  });

  it('has exactly the codes 01–56, 97 and 98 of GB/T 3304', () => {
    const expected = [
      ...Array.from({ length: 56 }, (_, i) => String(i + 1).padStart(2, '0')),
      '97',
      '98',
    ];
    expect(data.ethnicGroups.map((group) => group.code)).toEqual(expected);
  });

  it('gives every city card banks, with the state banks and the postal savings bank', () => {
    for (const city of data.cities) {
      const banks = cardBanksOf(data, city.code).map((bank) => bank.name);
      expect(banks).toEqual(expect.arrayContaining(['中国工商银行', '中国邮政储蓄银行']));
    }
    expect(cardBanksOf(data, '370200').map((bank) => bank.name)).toContain('青岛银行');
  });

  it.each([
    ['370100', 2400, 33902],
    ['370200', 2400, 34342.75],
  ])('sets the 2026 housing fund base range of %s to %d–%d yuan', (city, min, max) => {
    expect(housingFundBaseRange(data, 2026, city)).toEqual({ min, max, configuredYear: 2026 });
  });

  it('falls back to the latest configured year when a year has no housing fund figures', () => {
    expect(housingFundBaseRange(data, 2027, '370100')).toMatchObject({ configuredYear: 2026 });
  });

  it('sets the housing fund deposit ratio to 10–24 %', () => {
    expect(housingFundRatioRange(data)).toEqual({ min: 10, max: 24 });
  });

  it('derives the pension base range as 60 %–300 % of the average wage', () => {
    // given the configured average wage for 2026
    const range = pensionBaseRange(data, 2026);

    // then min and max are its 60 % (rounded up) and 300 % (rounded down)
    expect(range.min).toBe(Math.ceil(range.averageMonthlyWage * 0.6));
    expect(range.max).toBe(Math.floor(range.averageMonthlyWage * 3));
    expect(range.configuredYear).toBe(2026);
  });
});

describe('working-day calendar overrides', () => {
  const year2026 = workingDayYear(data, 2026) as WorkingDayYear;

  it('loads the 2026 notice and knows it is the last year loaded', () => {
    expect(year2026).toMatchObject({ year: 2026, publishedOn: '2025-11-04' });
    expect(lastCalendarYear(data)).toBe(2026);
    expect(workingDayYear(data, 2027)).toBeUndefined();
  });

  it('agrees with chinese-days on every day of 2026', () => {
    // when each day of 2026 is judged from the file and weekends
    const disagreements: string[] = [];
    for (
      let day = Temporal.PlainDate.from('2026-01-01');
      day.year === 2026;
      day = day.add({ days: 1 })
    ) {
      const date = day.toString();
      if (isWorkingDay(year2026, date) !== isWorkday(date)) disagreements.push(date);
    }

    // then the file and the library agree
    expect(disagreements).toEqual([]);
  });

  it('ends one working day after receipt on Saturday 2026-02-14 on 2026-02-24', () => {
    // given receipt on an adjusted working day before the Spring Festival
    // when the next working day after it is found (the day of receipt not counted)
    let day = Temporal.PlainDate.from('2026-02-14').add({ days: 1 });
    while (!isWorkingDay(year2026, day.toString())) day = day.add({ days: 1 });

    // then the deadline falls after the holiday
    expect(day.toString()).toBe('2026-02-24');
  });

  it.each<[string, (notice: WorkingDayYear) => void, RegExp]>([
    [
      'a working day on a weekday',
      (notice) => notice.workingDays.push({ date: '2026-02-16' }),
      /workingDays\.6: 2026-02-16 is also a holiday/,
    ],
    [
      'an adjusted working day that is not a weekend',
      (notice) => notice.workingDays.push({ date: '2026-03-04' }),
      /2026-03-04 is not a Saturday or Sunday/,
    ],
    [
      'a holiday ending before it starts',
      (notice) => notice.holidays.push({ name: '错误', from: '2026-12-05', to: '2026-12-01' }),
      /holidays\.7: from is after to/,
    ],
    [
      'an impossible date',
      (notice) => notice.workingDays.push({ date: '2026-02-30' }),
      /workingDays\.6\.date/,
    ],
  ])('refuses a notice with %s, naming it', (_case, spoil, message) => {
    // given a copy of the 2026 notice with one mistake
    const notice = structuredClone(year2026);
    spoil(notice);

    // then validating it names the mistake
    expect(() => parseWorkingDayYear(notice, 'upload.json')).toThrow(message);
  });
});

describe('loading malformed reference data', () => {
  let directory: string | undefined;
  afterEach(() => {
    if (directory) rmSync(directory, { recursive: true, force: true });
    directory = undefined;
  });

  function copyWith(file: string, change: (content: string) => string): string {
    directory = mkdtempSync(join(tmpdir(), 'reference-data-'));
    cpSync(referenceDataDirectory, directory, {
      recursive: true,
      filter: (source) => !source.endsWith('.ts'),
    });
    const path = join(directory, file);
    writeFileSync(path, change(readFileSync(path, 'utf8')));
    return directory;
  }

  it.each<[string, string, (content: string) => string, RegExp]>([
    [
      'is not JSON',
      'cities.v1.json',
      (c) => c.slice(0, -5),
      /<cities\.v1\.json>.*\n.*not valid JSON/,
    ],
    [
      'breaks its schema',
      'ethnic-groups.v1.json',
      (c) => c.replace('"code": "36"', '"code": "3"'),
      /<ethnic-groups\.v1\.json>[\s\S]*ethnicGroups\.35\.code/,
    ],
    [
      'lists a code twice',
      'ethnic-groups.v1.json',
      (c) => c.replace('"code": "36"', '"code": "35"'),
      /code 35 is listed twice/,
    ],
    [
      'names a bank the bank list lacks',
      'card-banks.v1.json',
      (c) => c.replace('"psbc", "qingdao-rcb"', '"psbc", "no-such-bank"'),
      /<card-banks\.v1\.json>[\s\S]*byCity\.370200: bank no-such-bank unknown/,
    ],
    [
      'leaves a city without housing fund figures',
      'contributions.v1.json',
      (c) => c.replace(/"371700": \{[^}]*\}/, '"379900": { "min": 1, "max": 2 }'),
      /housingFund\.baseByYear\.2026\.371700: missing/,
    ],
    [
      'has a range with min above max',
      'contributions.v1.json',
      (c) => c.replace('"min": 10', '"min": 30'),
      /depositRatioPercent: min must not be above max/,
    ],
    [
      'puts a county under the wrong city',
      'counties.v1.json',
      (c) => c.replace('"city": "370200"', '"city": "370100"'),
      /<counties\.v1\.json>[\s\S]*county 370202: city 370100 does not match/,
    ],
    [
      'names a successor county that does not exist',
      'cities.v1.json',
      (c) => c.replace('"370117"', '"371203"'),
      /successor 371203 is no county/,
    ],
    [
      'is a working-day file for another year',
      'working-days-2026.v1.json',
      (c) => c.replace('"year": 2026', '"year": 2025'),
      /year: 2025 differs from the name/,
    ],
  ])('stops when a file %s, naming the file and the place', (_case, file, change, message) => {
    // given a copy of the data with one file spoiled
    const spoiled = copyWith(file, change);

    // then loading it fails with a ReferenceDataError saying where
    expect(() => loadReferenceData(spoiled)).toThrow(ReferenceDataError);
    expect(() => loadReferenceData(spoiled)).toThrow(message);
  });

  it('stops when a file is missing', () => {
    const spoiled = copyWith('form-rules.v1.json', (c) => c);
    rmSync(join(spoiled, 'form-rules.v1.json'));
    expect(() => loadReferenceData(spoiled)).toThrow(/<form-rules\.v1\.json>[\s\S]*unreadable/);
  });
});

// helpers ------------------------------------------------------------------

function isWorkingDay(notice: WorkingDayYear, date: string): boolean {
  if (notice.workingDays.some((day) => day.date === date)) return true;
  if (notice.holidays.some((holiday) => holiday.from <= date && date <= holiday.to)) return false;
  return Temporal.PlainDate.from(date).dayOfWeek <= 5;
}
