import { todayInBeijing } from '../form/calendar-date.ts';
import type { ReferenceData } from '../reference-data/reference-data.ts';
import type { IdentityConfirmation, IdentityDataSharing, IdentityQuery } from './data-sharing.ts';

/**
 * The reference data-sharing service, for pilots and tests: it confirms mainland resident
 * IDs (the population registry holds no residence permits or foreigner cards, whose
 * holders upload their document) except the numbers it is told are unregistered, and
 * derives the ID's validity from the holder's age as the resident ID law sets it
 * (under 16: 5 years, 16-25: 10 years, 26-45: 20 years, 46 and over: 长期), issued on the
 * birthday that started the holder's current validity period.
 */
export class ReferenceIdentityDataSharing implements IdentityDataSharing {
  private readonly unregistered: Set<string>;

  constructor(
    private readonly data: ReferenceData,
    options: { unregistered?: string[]; today?: () => string } = {},
  ) {
    this.unregistered = new Set((options.unregistered ?? []).map((id) => id.toUpperCase()));
    this.today = options.today ?? (() => todayInBeijing());
  }

  private readonly today: () => string;

  async confirm(query: IdentityQuery): Promise<IdentityConfirmation> {
    const idNumber = query.idNumber.trim().toUpperCase();
    if (query.idType !== 'resident-id' || !/^\d{17}[\dX]$/.test(idNumber)) {
      return { confirmed: false, reason: '人口库未收录该类证件，请上传证件图片' };
    }
    if (this.unregistered.has(idNumber) || query.name.trim().length === 0) {
      return { confirmed: false, reason: '人口库中未找到与姓名和证件号码相符的记录' };
    }
    return { confirmed: true, ...this.validity(idNumber) };
  }

  // --- helpers below ---

  private validity(idNumber: string) {
    const birth = `${idNumber.slice(6, 10)}-${idNumber.slice(10, 12)}-${idNumber.slice(12, 14)}`;
    const today = this.today();
    const periods: [number, number | '长期'][] = [
      [0, 5],
      [16, 10],
      [26, 20],
      [46, '长期'],
    ];
    const age = ageOn(birth, today);
    const [from, years] = [...periods].reverse().find(([start]) => age >= start)!;
    const issuedAtAge = years === '长期' ? from : from + years * Math.floor((age - from) / years);
    const validFrom = addYears(birth, issuedAtAge);
    const validTo = years === '长期' ? '长期' : addYears(validFrom, years);
    return { issuingAuthority: this.authority(idNumber), validFrom, validTo };
  }

  private authority(idNumber: string): string {
    const city = this.data.cities.find((c) => c.code.slice(0, 4) === idNumber.slice(0, 4));
    return city ? `${city.name}公安局` : `公安机关（地区代码 ${idNumber.slice(0, 6)}）`;
  }
}

function ageOn(birth: string, date: string): number {
  const years = Number(date.slice(0, 4)) - Number(birth.slice(0, 4));
  return date.slice(5) >= birth.slice(5) ? years : years - 1;
}

function addYears(date: string, years: number): string {
  return `${String(Number(date.slice(0, 4)) + years).padStart(4, '0')}${date.slice(4)}`;
}
