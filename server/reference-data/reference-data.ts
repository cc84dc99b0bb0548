import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { z } from 'zod';

import { ReferenceDataError } from './errors.ts';

/**
 * The reference lists the form rules and the workers rest on, read from versioned JSON files
 * in this folder (`<name>.v<version>.json`), each validated with zod at start-up.
 *
 * Managers update the files, not the code: cities and their counters, counties, provinces (ID
 * prefixes), ethnic groups (GB/T 3304), card banks per city, contribution figures per year
 * and city, form rule parameters, and one working-day file per year
 * (`working-days-<year>.v1.json`, the State Council's holiday notice). Figures marked
 * `sample` are defaults to be replaced by the province or the city.
 */

/** The folder holding the shipped reference data files. */
export const referenceDataDirectory = fileURLToPath(new URL('.', import.meta.url));

const divisionCode = z.string().regex(/^\d{6}$/, 'a 6-digit division code');
const isoDate = z.iso.date('a date YYYY-MM-DD');
const yuan = z.number().nonnegative('an amount in yuan, not negative');

const citiesFile = z.object({
  version: z.literal(1),
  cities: z
    .array(
      z.object({
        code: divisionCode.regex(/^37\d{2}00$/, 'a Shandong city code 37xx00'),
        name: z.string().min(2),
        counter: z.object({
          sample: z.boolean().optional(),
          name: z.string().min(1),
          address: z.string().min(1),
          openingHours: z.string().min(1),
          hotline: z.string().min(1),
        }),
      }),
    )
    .min(1),
  formerCities: z.array(
    z.object({
      code: divisionCode,
      name: z.string().min(2),
      mergedInto: divisionCode,
      /** The counties that took over its area, to point applicants to. */
      successors: z.array(divisionCode),
      since: isoDate,
      note: z.string().optional(),
    }),
  ),
});

const countiesFile = z.object({
  version: z.literal(1),
  source: z.string().min(1),
  counties: z
    .array(
      z.object({
        code: divisionCode.regex(/^37\d{2}(?!00)\d{2}$/, 'a Shandong county code 37xxyy'),
        name: z.string().min(2),
        city: divisionCode,
      }),
    )
    .min(1),
});

const provincesFile = z.object({
  version: z.literal(1),
  provinces: z.array(z.object({ code: z.string().regex(/^\d{2}$/), name: z.string().min(2) })),
  residencePermitRegions: z.array(
    z.object({ code: z.string().regex(/^8[123]0000$/), name: z.string().min(2) }),
  ),
});

const ethnicGroupsFile = z.object({
  version: z.literal(1),
  ethnicGroups: z
    .array(z.object({ code: z.string().regex(/^\d{2}$/), name: z.string().min(1) }))
    .min(1),
});

const cardBanksFile = z.object({
  version: z.literal(1),
  sample: z.boolean().optional(),
  banks: z.array(z.object({ code: z.string().min(1), name: z.string().min(1) })).min(1),
  byCity: z.record(divisionCode, z.array(z.string().min(1)).min(1)),
});

const paymentFrequency = z.enum(['monthly', 'quarterly', 'half-yearly', 'yearly']);
const range = z
  .object({ min: yuan, max: yuan, sample: z.boolean().optional() })
  .refine((r) => r.min <= r.max, 'min must not be above max');

const contributionsFile = z.object({
  version: z.literal(1),
  pension: z.object({
    rate: z.number().positive().max(1),
    personalAccountRate: z.number().positive().max(1),
    baseRatio: z
      .object({ min: z.number().positive(), max: z.number().positive() })
      .refine((r) => r.min <= r.max, 'min must not be above max'),
  }),
  provinceAverageMonthlyWage: z
    .array(
      z.object({
        contributionYear: z.number().int().min(2000).max(2100),
        wageYear: z.number().int().min(2000).max(2100),
        yuan: yuan.positive(),
        sample: z.boolean().optional(),
      }),
    )
    .min(1),
  medical: z.object({
    sample: z.boolean().optional(),
    note: z.string().optional(),
    defaultRate: z.number().positive().max(1),
    byCity: z.record(divisionCode, z.number().positive().max(1)),
  }),
  paymentFrequencies: z.object({
    sample: z.boolean().optional(),
    default: z.array(paymentFrequency).min(1),
    byCity: z.record(divisionCode, z.array(paymentFrequency).min(1)),
  }),
  housingFund: z.object({
    depositRatioPercent: z
      .object({ min: z.number().int().min(1), max: z.number().int().max(100) })
      .refine((r) => r.min <= r.max, 'min must not be above max'),
    baseByYear: z.record(z.string().regex(/^\d{4}$/, 'a year'), z.record(divisionCode, range)),
  }),
});

const formRulesFile = z.object({
  version: z.literal(1),
  sample: z.boolean().optional(),
  insuranceStartMonth: z.object({
    monthsBack: z.number().int().min(0).max(120),
    monthsAhead: z.number().int().min(0).max(24),
  }),
});

const workingDaysFile = z.object({
  version: z.literal(1),
  year: z.number().int().min(2000).max(2100),
  source: z.string().min(1),
  publishedOn: isoDate,
  holidays: z.array(z.object({ name: z.string().min(1), from: isoDate, to: isoDate })).min(1),
  workingDays: z.array(z.object({ date: isoDate, forHoliday: z.string().min(1).optional() })),
});

export type City = z.output<typeof citiesFile>['cities'][number];
export type FormerCity = z.output<typeof citiesFile>['formerCities'][number];
export type County = z.output<typeof countiesFile>['counties'][number];
export type Province = z.output<typeof provincesFile>['provinces'][number];
export type EthnicGroup = z.output<typeof ethnicGroupsFile>['ethnicGroups'][number];
export type Bank = z.output<typeof cardBanksFile>['banks'][number];
export type Contributions = z.output<typeof contributionsFile>;
export type FormRules = z.output<typeof formRulesFile>;
export type WorkingDayYear = z.output<typeof workingDaysFile>;

/** Every reference list, validated; build once at start-up with `loadReferenceData()`. */
export interface ReferenceData {
  cities: City[];
  formerCities: FormerCity[];
  /** Shandong's county-level divisions and functional zones, current codes only. */
  counties: County[];
  provinces: z.output<typeof provincesFile>;
  ethnicGroups: EthnicGroup[];
  cardBanks: z.output<typeof cardBanksFile>;
  contributions: Contributions;
  formRules: FormRules;
  /** One entry per year with a loaded holiday notice, ascending. */
  workingDays: WorkingDayYear[];
}

/**
 * Reads and validates every reference data file in `directory` (the shipped folder by
 * default), including the cross-file rules (every city has banks, every bank is known, …).
 *
 * Throws `ReferenceDataError` naming the file and each problem with its path when a file is
 * missing, is not JSON, or breaks its schema. Synchronous: call it once at start-up.
 */
export function loadReferenceData(directory: string = referenceDataDirectory): ReferenceData {
  const cities = readFile(directory, 'cities.v1.json', citiesFile);
  const counties = readFile(directory, 'counties.v1.json', countiesFile);
  const provinces = readFile(directory, 'provinces.v1.json', provincesFile);
  const ethnicGroups = readFile(directory, 'ethnic-groups.v1.json', ethnicGroupsFile);
  const cardBanks = readFile(directory, 'card-banks.v1.json', cardBanksFile);
  const contributions = readFile(directory, 'contributions.v1.json', contributionsFile);
  const formRules = readFile(directory, 'form-rules.v1.json', formRulesFile);
  const workingDays = readWorkingDayFiles(directory);

  const data: ReferenceData = {
    cities: cities.cities,
    formerCities: cities.formerCities,
    counties: counties.counties,
    provinces,
    ethnicGroups: ethnicGroups.ethnicGroups,
    cardBanks,
    contributions,
    formRules,
    workingDays,
  };
  checkAcrossFiles(data);
  return data;
}

/**
 * Validates one working-day notice for a year (the shape of `working-days-<year>.v1.json`),
 * e.g. before a manager's upload is saved. Throws `ReferenceDataError` with every problem.
 */
export function parseWorkingDayYear(content: unknown, file = 'working-days'): WorkingDayYear {
  const parsed = parseWith(file, content, workingDaysFile);
  const problems = workingDayProblems(parsed);
  if (problems.length > 0) throw new ReferenceDataError(file, problems);
  return parsed;
}

// helpers ------------------------------------------------------------------

function readFile<T extends z.ZodType>(directory: string, file: string, schema: T): z.output<T> {
  let content: unknown;
  try {
    content = JSON.parse(readFileSync(join(directory, file), 'utf8'));
  } catch (cause) {
    const reason = cause instanceof SyntaxError ? `not valid JSON: ${cause.message}` : 'unreadable';
    throw new ReferenceDataError(file, [reason], { cause });
  }
  return parseWith(file, content, schema);
}

function parseWith<T extends z.ZodType>(file: string, content: unknown, schema: T): z.output<T> {
  const parsed = schema.safeParse(content);
  if (parsed.success) return parsed.data;
  throw new ReferenceDataError(
    file,
    parsed.error.issues.map((issue) => `${issue.path.join('.') || '(file)'}: ${issue.message}`),
    { cause: parsed.error },
  );
}

function readWorkingDayFiles(directory: string): WorkingDayYear[] {
  const files = readdirSync(directory).filter((file) =>
    /^working-days-\d{4}\.v1\.json$/.test(file),
  );
  const years = files.map((file) => {
    const year = readFile(directory, file, workingDaysFile);
    const problems = workingDayProblems(year);
    if (!file.includes(String(year.year)))
      problems.push(`year: ${year.year} differs from the name`);
    if (problems.length > 0) throw new ReferenceDataError(file, problems);
    return year;
  });
  return years.sort((a, b) => a.year - b.year);
}

function workingDayProblems(year: WorkingDayYear): string[] {
  const problems: string[] = [];
  const holidayDates = new Set<string>();

  year.holidays.forEach((holiday, index) => {
    if (holiday.from > holiday.to) problems.push(`holidays.${index}: from is after to`);
    for (const date of datesBetween(holiday.from, holiday.to)) holidayDates.add(date);
  });

  year.workingDays.forEach(({ date }, index) => {
    if (holidayDates.has(date)) problems.push(`workingDays.${index}: ${date} is also a holiday`);
    if (!isWeekend(date))
      problems.push(`workingDays.${index}: ${date} is not a Saturday or Sunday`);
  });
  return problems;
}

function checkAcrossFiles(data: ReferenceData): void {
  const cityCodes = new Set(data.cities.map((city) => city.code));
  const bankCodes = new Set(data.cardBanks.banks.map((bank) => bank.code));
  const problems: Record<string, string[]> = {};
  const report = (file: string, problem: string) => (problems[file] ??= []).push(problem);

  duplicates(data.cities.map((city) => city.code)).forEach((code) =>
    report('cities.v1.json', `city ${code} is listed twice`),
  );
  for (const former of data.formerCities) {
    if (!cityCodes.has(former.mergedInto)) {
      report(
        'cities.v1.json',
        `former city ${former.code} merged into unknown ${former.mergedInto}`,
      );
    }
    for (const successor of former.successors) {
      if (!data.counties.some((county) => county.code === successor)) {
        report('cities.v1.json', `former city ${former.code}: successor ${successor} is no county`);
      }
    }
  }
  duplicates(data.counties.map((county) => county.code)).forEach((code) =>
    report('counties.v1.json', `county ${code} is listed twice`),
  );
  for (const county of data.counties) {
    if (!cityCodes.has(county.city) || !county.code.startsWith(county.city.slice(0, 4))) {
      report('counties.v1.json', `county ${county.code}: city ${county.city} does not match`);
    }
  }
  duplicates(data.ethnicGroups.map((group) => group.code)).forEach((code) =>
    report('ethnic-groups.v1.json', `code ${code} is listed twice`),
  );
  duplicates(data.provinces.provinces.map((province) => province.code)).forEach((code) =>
    report('provinces.v1.json', `province ${code} is listed twice`),
  );

  for (const city of cityCodes) {
    if (!data.cardBanks.byCity[city]) report('card-banks.v1.json', `byCity.${city}: missing`);
  }
  for (const [city, banks] of Object.entries(data.cardBanks.byCity)) {
    if (!cityCodes.has(city)) report('card-banks.v1.json', `byCity.${city}: not a city`);
    for (const bank of banks) {
      if (!bankCodes.has(bank))
        report('card-banks.v1.json', `byCity.${city}: bank ${bank} unknown`);
    }
  }

  for (const [year, byCity] of Object.entries(data.contributions.housingFund.baseByYear)) {
    for (const city of cityCodes) {
      if (!byCity[city]) {
        report('contributions.v1.json', `housingFund.baseByYear.${year}.${city}: missing`);
      }
    }
  }
  const wageYears = data.contributions.provinceAverageMonthlyWage.map((w) => w.contributionYear);
  duplicates(wageYears.map(String)).forEach((year) =>
    report('contributions.v1.json', `provinceAverageMonthlyWage: year ${year} is listed twice`),
  );

  const [file, list] = Object.entries(problems)[0] ?? [];
  if (file && list) throw new ReferenceDataError(file, list);
}

function duplicates(values: string[]): string[] {
  return [...new Set(values.filter((value, index) => values.indexOf(value) !== index))];
}

function datesBetween(from: string, to: string): string[] {
  const dates: string[] = [];
  for (let day = new Date(`${from}T00:00:00Z`); ; day.setUTCDate(day.getUTCDate() + 1)) {
    const date = day.toISOString().slice(0, 10);
    if (date > to || dates.length > 366) return dates;
    dates.push(date);
  }
}

function isWeekend(date: string): boolean {
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return weekday === 0 || weekday === 6;
}
