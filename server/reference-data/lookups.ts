import { ReferenceDataMissingError } from './errors.ts';
import type { Bank, City, County, ReferenceData, WorkingDayYear } from './reference-data.ts';

/**
 * Questions the form rules and the workers ask of the reference data. Each answers from
 * the loaded files only; a missing figure the caller cannot do without throws
 * `ReferenceDataMissingError`.
 */

export type PaymentFrequency =
  ReferenceData['contributions']['paymentFrequencies']['default'][number];

/** A range of amounts in yuan, both ends allowed. */
export interface AmountRange {
  min: number;
  max: number;
}

/**
 * The city a county or district belongs to (`370102` → 济南市): its first four digits, with
 * a former city's code mapped to the city it merged into (莱芜 3712xx → 济南 370100).
 * Undefined outside the province's cities.
 */
export function cityOf(data: ReferenceData, divisionCode: string): City | undefined {
  const prefix = `${divisionCode.slice(0, 4)}00`;
  const former = data.formerCities.find((city) => city.code === prefix);
  const code = former ? former.mergedInto : prefix;
  return data.cities.find((city) => city.code === code);
}

/** A current Shandong county-level division (or functional zone) by code, else undefined. */
export function countyOf(data: ReferenceData, divisionCode: string): County | undefined {
  return data.counties.find((county) => county.code === divisionCode);
}

/** The banks that issue social security cards in `cityCode`, in the file's order. */
export function cardBanksOf(data: ReferenceData, cityCode: string): Bank[] {
  const codes = data.cardBanks.byCity[cityCode] ?? [];
  return codes.flatMap((code) => data.cardBanks.banks.filter((bank) => bank.code === code));
}

/** The name of a GB/T 3304 ethnic group code, or undefined when the code is not listed. */
export function ethnicGroupName(data: ReferenceData, code: string): string | undefined {
  return data.ethnicGroups.find((group) => group.code === code)?.name;
}

/**
 * The monthly pension base range for contributions in `year`: 60 %–300 % (as configured) of
 * the previous year's province-wide average monthly wage, min rounded up and max down to
 * the yuan. Uses the latest configured year before `year` when `year` itself has no figure
 * and says so in `configuredYear`.
 */
export function pensionBaseRange(
  data: ReferenceData,
  year: number,
): AmountRange & { averageMonthlyWage: number; configuredYear: number } {
  const wages = data.contributions.provinceAverageMonthlyWage
    .filter((wage) => wage.contributionYear <= year)
    .sort((a, b) => b.contributionYear - a.contributionYear);
  const wage = wages[0];
  if (!wage) throw new ReferenceDataMissingError(`the province average wage for ${year}`);

  const { baseRatio } = data.contributions.pension;
  return {
    min: Math.ceil(wage.yuan * baseRatio.min),
    max: Math.floor(wage.yuan * baseRatio.max),
    averageMonthlyWage: wage.yuan,
    configuredYear: wage.contributionYear,
  };
}

/**
 * The housing fund's monthly deposit base range in `cityCode` for `year`, falling back to
 * the latest configured year before it (named in `configuredYear`).
 */
export function housingFundBaseRange(
  data: ReferenceData,
  year: number,
  cityCode: string,
): AmountRange & { configuredYear: number } {
  const years = Object.keys(data.contributions.housingFund.baseByYear)
    .map(Number)
    .filter((configured) => configured <= year)
    .sort((a, b) => b - a);
  const configuredYear = years[0];
  const range =
    configuredYear === undefined
      ? undefined
      : data.contributions.housingFund.baseByYear[String(configuredYear)]?.[cityCode];
  if (!range || configuredYear === undefined) {
    throw new ReferenceDataMissingError(`the housing fund base of ${cityCode} for ${year}`);
  }
  return { min: range.min, max: range.max, configuredYear };
}

/** The housing fund deposit ratio range in whole percent (10–24 by default). */
export function housingFundRatioRange(data: ReferenceData): AmountRange {
  return data.contributions.housingFund.depositRatioPercent;
}

/** The payment frequencies a city offers for contributions. */
export function paymentFrequenciesOf(data: ReferenceData, cityCode: string): PaymentFrequency[] {
  const { byCity, default: fallback } = data.contributions.paymentFrequencies;
  return byCity[cityCode] ?? fallback;
}

/** The loaded holiday notice for `year`, or undefined when no notice has been loaded. */
export function workingDayYear(data: ReferenceData, year: number): WorkingDayYear | undefined {
  return data.workingDays.find((notice) => notice.year === year);
}

/** The last year with a loaded holiday notice; deadlines after it need a warning. */
export function lastCalendarYear(data: ReferenceData): number | undefined {
  return data.workingDays.at(-1)?.year;
}
