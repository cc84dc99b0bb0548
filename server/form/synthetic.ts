import { itemCodes, type ItemCode } from '../../bpmn/process-contract.ts';
import {
  cardBanksOf,
  cityOf,
  housingFundBaseRange,
  pensionBaseRange,
} from '../reference-data/lookups.ts';
import type { ReferenceData } from '../reference-data/reference-data.ts';
import type { ApplicationFormInput, IdType, Sex, WomenRetirementBase } from './application-form.ts';
import { monthOf, todayInBeijing } from './calendar-date.ts';
import { mod112CheckCharacter, weights731CheckDigit } from './identity-number.ts';
import { ageOn } from './retirement.ts';
import { socialCreditCheckCharacter } from './social-credit-code.ts';

/**
 * Synthetic test data: identity numbers with correct check characters and complete valid
 * forms, for tests, benchmarks and the demo. Names are made up (they read as samples:
 * 张测试, 李样例, …), numbers are generated, nothing comes from a real person.
 *
 * Deterministic: the same options and `seed` give the same output.
 */

/** One county per city, used where a sample needs a place: code and name. */
export const sampleCounties: Record<string, { code: string; name: string }> = {
  '370100': { code: '370102', name: '历下区' },
  '370200': { code: '370202', name: '市南区' },
  '370300': { code: '370303', name: '张店区' },
  '370400': { code: '370402', name: '市中区' },
  '370500': { code: '370502', name: '东营区' },
  '370600': { code: '370602', name: '芝罘区' },
  '370700': { code: '370705', name: '奎文区' },
  '370800': { code: '370811', name: '任城区' },
  '370900': { code: '370902', name: '泰山区' },
  '371000': { code: '371002', name: '环翠区' },
  '371100': { code: '371102', name: '东港区' },
  '371300': { code: '371302', name: '兰山区' },
  '371400': { code: '371402', name: '德城区' },
  '371500': { code: '371502', name: '东昌府区' },
  '371600': { code: '371602', name: '滨城区' },
  '371700': { code: '371702', name: '牡丹区' },
};

const sampleNames = [
  '张测试',
  '李样例',
  '王演示',
  '刘示范',
  '陈模拟',
  '杨假名',
  '赵虚构',
  '黄例子',
];

export interface IdNumberOptions {
  /** 6-digit region: a county code for a resident ID, `810000`/`820000`/`830000` for a permit. */
  region?: string;
  /** `YYYY-MM-DD`. */
  birthDate?: string;
  sex?: Sex;
  /** 0–499; picks the sequence number among people of the same region, day and sex. */
  sequence?: number;
}

/** An 18-digit resident ID (or HK/Macau/Taiwan permit with a permit region) with its check character. */
export function residentIdNumber(options: IdNumberOptions = {}): string {
  const { region = '370102', birthDate = '1990-03-07', sex = 'male', sequence = 0 } = options;
  const order = String(sequence * 2 + (sex === 'male' ? 1 : 0)).padStart(3, '0');
  const first17 = `${region}${birthDate.replaceAll('-', '')}${order}`;
  return first17 + mod112CheckCharacter(first17);
}

/** A 2023 foreigner permanent residence card number: 9, province, ISO numeric nationality, birth date. */
export function foreignCard2023Number(
  options: { province?: string; nationality?: string; birthDate?: string; sequence?: number } = {},
): string {
  const { province = '37', nationality = '840', birthDate = '1985-06-15', sequence = 1 } = options;
  const first17 = `9${province}${nationality}${birthDate.replaceAll('-', '')}${String(sequence).padStart(3, '0')}`;
  return first17 + mod112CheckCharacter(first17);
}

/** A 2017 foreigner permanent residence card number: nationality, issuing code, YYMMDD, sequence. */
export function foreignCard2017Number(
  options: {
    nationality?: string;
    issuingCode?: string;
    birthDate?: string;
    sequence?: number;
  } = {},
): string {
  const {
    nationality = 'USA',
    issuingCode = '3701',
    birthDate = '1985-06-15',
    sequence = 1,
  } = options;
  const first14 = `${nationality}${issuingCode}${birthDate.slice(2).replaceAll('-', '')}${sequence % 10}`;
  return first14 + weights731CheckDigit(first14);
}

/** A unified social credit code of an individual business (92…) in `divisionCode`. */
export function socialCreditCode(divisionCode = '370102', seed = 0): string {
  const organisation = `MA${String(1000000 + seed).slice(-7)}`;
  const first17 = `92${divisionCode}${organisation}`;
  return first17 + socialCreditCheckCharacter(first17);
}

export interface SampleFormOptions {
  /** Items chosen; all seven by default. */
  items?: readonly ItemCode[];
  /** County where the applicant applies; 370102 (济南市历下区) by default. */
  divisionCode?: string;
  sex?: Sex;
  /** For women: 'female-55' by default. */
  retirementBase?: WomenRetirementBase;
  birthDate?: string;
  idType?: IdType;
  mailCard?: boolean;
  /** Today in Beijing, `YYYY-MM-DD`; decides 增员年月 and ID validity. */
  today?: string;
  /** Varies the name, ID sequence, phone and codes. */
  seed?: number;
}

/**
 * A complete form that `createApplicationFormSchema(referenceData)` accepts on `today`,
 * with a section for each chosen item.
 */
export function sampleApplicationForm(
  referenceData: ReferenceData,
  options: SampleFormOptions = {},
): ApplicationFormInput {
  const {
    items = itemCodes,
    divisionCode = '370102',
    sex = 'male',
    birthDate = '1990-03-07',
    idType = 'resident-id',
    mailCard = true,
    today = todayInBeijing(),
    seed = 0,
  } = options;
  const city = cityOf(referenceData, divisionCode);
  if (!city) throw new TypeError(`division <${divisionCode}> is not in a Shandong city`);
  const place = `山东省${city.name}${sampleCounties[city.code]?.name ?? ''}`;

  const form: ApplicationFormInput = {
    items: [...items],
    applicant: {
      name: sampleNames[seed % sampleNames.length] as string,
      sex,
      idType,
      idNumber: sampleIdNumber(idType, divisionCode, birthDate, sex, seed),
      ...(idType === 'foreign-permanent-residence-2017' ? { birthDate } : {}),
      ethnicGroup: idType.startsWith('foreign') ? '98' : '01',
      phone: `1380000${String(seed % 10000).padStart(4, '0')}`,
      divisionCode,
      ...(sex === 'female' ? { retirementBase: options.retirementBase ?? 'female-55' } : {}),
      insuranceStartMonth: monthOf(today),
    },
  };

  for (const item of items) addSection(form, item, { referenceData, city: city.code, place });
  if (form.card) {
    Object.assign(form.card, idValidity(idType, birthDate, today));
    form.card.mailCard = mailCard;
    if (!mailCard) delete form.card.mailingAddress;
  }
  if (form.medical?.category === 'self-employed') {
    form.medical.business = {
      businessName: `${city.name}示例便民小吃店`,
      unifiedSocialCreditCode: socialCreditCode(divisionCode, seed),
    };
  }
  if (form.contribution) {
    form.contribution.pensionBase = pensionBaseRange(referenceData, Number(today.slice(0, 4))).min;
  }
  if (form.housingFund) {
    const range = housingFundBaseRange(referenceData, Number(today.slice(0, 4)), city.code);
    form.housingFund.depositBase = range.min;
  }
  return form;
}

/** Every non-empty set of items (127), each in the service guide's order. */
export function itemCombinations(): ItemCode[][] {
  const combinations: ItemCode[][] = [];
  for (let mask = 1; mask < 1 << itemCodes.length; mask += 1) {
    combinations.push(itemCodes.filter((_, index) => mask & (1 << index)));
  }
  return combinations;
}

// helpers ------------------------------------------------------------------

function sampleIdNumber(
  idType: IdType,
  divisionCode: string,
  birthDate: string,
  sex: Sex,
  seed: number,
): string {
  switch (idType) {
    case 'resident-id':
      return residentIdNumber({ region: divisionCode, birthDate, sex, sequence: seed % 500 });
    case 'hk-macau-taiwan-residence-permit':
      return residentIdNumber({ region: '810000', birthDate, sex, sequence: seed % 500 });
    case 'foreign-permanent-residence-2023':
      return foreignCard2023Number({ birthDate, sequence: seed % 1000 });
    case 'foreign-permanent-residence-2017':
      return foreignCard2017Number({ birthDate, sequence: seed % 10 });
  }
}

function addSection(
  form: ApplicationFormInput,
  item: ItemCode,
  { referenceData, city, place }: { referenceData: ReferenceData; city: string; place: string },
): void {
  switch (item) {
    case 'social-security-card':
      form.card = {
        idIssuingAuthority: `${place.slice(3)}公安分局`,
        idValidFrom: '',
        idValidTo: '长期',
        bankCode: cardBanksOf(referenceData, city)[0]?.code ?? '',
        mailCard: true,
        mailingAddress: `${place}示例路1号2单元301室`,
      };
      return;
    case 'archive-transfer':
      form.archive = {
        currentInstitution: '山东示例职业学院学生处',
        receivingInstitution: {
          basis: 'flexible-work',
          divisionCode: form.applicant.divisionCode,
          name: `${place.slice(3)}公共就业和人才服务中心`,
        },
      };
      return;
    case 'medical-enrollment':
      form.medical = { category: 'self-employed', livesInShandong: true };
      return;
    case 'contribution-declaration':
      form.contribution = { pensionBase: 0, paymentFrequency: 'monthly' };
      return;
    case 'employment-registration':
      form.employment = { ableToWork: true, working: true, occupation: '网约配送员' };
      return;
    case 'housing-fund-account':
      form.housingFund = { depositBase: 0, depositRatio: 12 };
      return;
    case 'pension-enrollment':
      return;
  }
}

/** Validity as issued: resident IDs by age band (5/10/20 years or 长期), others 5 or 10 years. */
function idValidity(idType: IdType, birthDate: string, today: string) {
  const issuedYear = Number(today.slice(0, 4)) - 1;
  const idValidFrom = `${issuedYear}${today.slice(4, 8)}01`;
  const age = ageOn(birthDate, idValidFrom);
  const years = idType === 'resident-id' ? (age < 16 ? 5 : age < 26 ? 10 : 20) : 5;
  if (idType === 'resident-id' && age >= 46) return { idValidFrom, idValidTo: '长期' };
  return { idValidFrom, idValidTo: `${issuedYear + years}${idValidFrom.slice(4)}` };
}
