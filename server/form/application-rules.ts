import type { z } from 'zod';

import { itemCodes, items as itemDefinitions } from '../../bpmn/process-contract.ts';
import {
  cardBanksOf,
  cityOf,
  countyOf,
  housingFundBaseRange,
  housingFundRatioRange,
  paymentFrequenciesOf,
  pensionBaseRange,
} from '../reference-data/lookups.ts';
import type { ReferenceData } from '../reference-data/reference-data.ts';
import {
  applicationFormShape,
  paymentFrequencyNames,
  sectionNames,
  sectionOfItem,
  sexNames,
  type ApplicationForm,
  type ApplicationFormInput,
} from './application-form.ts';
import { addMonths, monthOf, todayInBeijing } from './calendar-date.ts';
import {
  checkIdentityNumber,
  type IdentityContext,
  type IdentityFacts,
} from './identity-number.ts';
import { socialCreditCodeProblem } from './social-credit-code.ts';

/**
 * The form's rules that need reference data or today's date, added to
 * `applicationFormShape` as zod checks whose issues point at the field to fix.
 *
 * Each rule names the fields it reads and runs only when those fields passed their own
 * format checks, so one parse reports every independent problem at once without a rule
 * judging a value that is already known to be malformed.
 */

/** What the rules read besides the form. */
export interface FormRulesContext {
  referenceData: ReferenceData;
  /** Today in Beijing, `YYYY-MM-DD`; read at each parse. Defaults to the system clock. */
  today?: () => string;
}

/**
 * The schema that accepts an application: the shape, every rule, then normalisation (birth
 * date filled in from the ID, items in the service guide's order, sections of unchosen
 * items and fields that do not apply dropped). Build it once at start-up; it reads the
 * clock at each parse.
 *
 * May throw `ReferenceDataMissingError` from a parse when the reference data lacks a figure
 * a rule needs (an operator's problem, not the applicant's).
 */
export function createApplicationFormSchema(context: FormRulesContext) {
  const rulesContext = toRulesContext(context);
  let schema = applicationFormShape as z.ZodType<ShapeOutput, ApplicationFormInput>;

  for (const rule of rules) {
    schema = schema.superRefine(
      (form, ctx) => {
        const report = (path: PropertyKey[], message: string) =>
          ctx.addIssue({ code: 'custom', path, message, input: valueAt(form, path) });
        rule.check(form, rulesContext, report);
      },
      { when: (payload) => !payload.issues.some((issue) => touches(issue.path ?? [], rule.reads)) },
    );
  }
  return schema.transform((form): ApplicationForm => normalise(form, rulesContext));
}

export type ApplicationFormSchema = ReturnType<typeof createApplicationFormSchema>;

// rules ------------------------------------------------------------------------

type ShapeOutput = z.output<typeof applicationFormShape>;
type Report = (path: PropertyKey[], message: string) => void;

interface RulesContext {
  data: ReferenceData;
  today: () => string;
  identity: (today: string) => IdentityContext;
}

interface Rule {
  /** Dotted paths of the fields the rule reads; it is skipped while any has an issue. */
  reads: string[];
  check(form: ShapeOutput, context: RulesContext, report: Report): void;
}

const rules: Rule[] = [
  {
    reads: ['items'],
    check(form, _context, report) {
      for (const item of form.items) {
        const section = sectionOfItem[item];
        if (section && form[section] === undefined) {
          report(
            [section],
            `已选择“${itemDefinitions[item].name}”，请填写${sectionNames[section]}`,
          );
        }
      }
    },
  },
  {
    reads: ['applicant.idType', 'applicant.idNumber'],
    check(form, context, report) {
      const { idType, idNumber } = form.applicant;
      const result = checkIdentityNumber(idType, idNumber, context.identity(context.today()));
      if (!result.ok) report(['applicant', 'idNumber'], result.problem.message);
    },
  },
  {
    reads: ['applicant.idType', 'applicant.idNumber', 'applicant.sex'],
    check(form, context, report) {
      const facts = identityFacts(form, context);
      if (facts?.sex && facts.sex !== form.applicant.sex) {
        report(
          ['applicant', 'sex'],
          `性别与证件号码不一致：证件号码第17位表示${sexNames[facts.sex]}性，请核对性别或证件号码`,
        );
      }
    },
  },
  {
    reads: ['applicant.idType', 'applicant.idNumber', 'applicant.birthDate'],
    check(form, context, report) {
      const facts = identityFacts(form, context);
      const problem = facts && birthDateProblem(form.applicant.birthDate, facts, context.today());
      if (problem) report(['applicant', 'birthDate'], problem);
    },
  },
  {
    reads: ['applicant.sex', 'applicant.retirementBase'],
    check(form, _context, report) {
      if (form.applicant.sex === 'female' && !form.applicant.retirementBase) {
        report(
          ['applicant', 'retirementBase'],
          '女性申请人请选择原法定退休年龄（50周岁或55周岁），以人力资源社会保障部门认定为准',
        );
      }
    },
  },
  {
    reads: ['applicant.ethnicGroup'],
    check(form, context, report) {
      const code = form.applicant.ethnicGroup;
      if (!context.data.ethnicGroups.some((group) => group.code === code)) {
        report(
          ['applicant', 'ethnicGroup'],
          `民族代码“${code}”不在GB/T 3304民族代码表中（01—56、97其他、98外国血统中国籍人士），请重新选择`,
        );
      }
    },
  },
  {
    reads: ['applicant.divisionCode'],
    check(form, context, report) {
      const problem = applicationPlaceProblem(context.data, form.applicant.divisionCode);
      if (problem) report(['applicant', 'divisionCode'], problem);
    },
  },
  {
    reads: ['applicant.insuranceStartMonth'],
    check(form, context, report) {
      const { monthsBack, monthsAhead } = context.data.formRules.insuranceStartMonth;
      const thisMonth = monthOf(context.today());
      const earliest = addMonths(thisMonth, -monthsBack);
      const latest = addMonths(thisMonth, monthsAhead);
      const month = form.applicant.insuranceStartMonth;
      if (month < earliest || month > latest) {
        report(
          ['applicant', 'insuranceStartMonth'],
          `增员年月应在${earliest}至${latest}之间（受理当月前${monthsBack}个月至后${monthsAhead}个月），请调整`,
        );
      }
    },
  },
  {
    reads: ['applicant.idType', 'card.idValidFrom', 'card.idValidTo'],
    check(form, context, report) {
      if (!form.card) return;
      const { idValidFrom: from, idValidTo: to } = form.card;
      const today = context.today();
      if (from > today) {
        report(['card', 'idValidFrom'], '证件有效期起始日期晚于今天，请按证件上的有效期限填写');
      }
      if (to === '长期') {
        if (form.applicant.idType !== 'resident-id') {
          report(
            ['card', 'idValidTo'],
            '只有居民身份证的有效期可以是“长期”，请填写证件上的截止日期',
          );
        }
        return;
      }
      if (to <= from) {
        report(['card', 'idValidTo'], '证件有效期截止日期应晚于起始日期，请按证件上的有效期限填写');
      } else if (to < today) {
        report(
          ['card', 'idValidTo'],
          `证件已于${to}过期，请持有效期内的证件申请，并填写新证件的有效期限`,
        );
      }
    },
  },
  {
    reads: ['applicant.divisionCode', 'card.bankCode'],
    check(form, context, report) {
      const city = cityOf(context.data, form.applicant.divisionCode);
      if (!form.card || !city) return;
      const banks = cardBanksOf(context.data, city.code);
      if (!banks.some((bank) => bank.code === form.card?.bankCode)) {
        const listed = banks.map((bank) => `${bank.code}（${bank.name}）`).join('、');
        report(
          ['card', 'bankCode'],
          `发卡银行“${form.card.bankCode}”不是${city.name}的社会保障卡合作银行，请从以下银行中选择：${listed}`,
        );
      }
    },
  },
  {
    reads: ['card.mailCard', 'card.mailingAddress'],
    check(form, _context, report) {
      if (!form.card?.mailCard) return;
      const address = form.card.mailingAddress;
      if (address === undefined) {
        report(['card', 'mailingAddress'], '选择邮寄社会保障卡时，请填写邮寄地址');
      } else if ([...address].length < 8 || !/\p{Script=Han}/u.test(address)) {
        report(
          ['card', 'mailingAddress'],
          '邮寄地址不完整，请写明省、市、县（区）、街道（乡镇）和门牌号，如“山东省济南市历下区某某路1号”',
        );
      }
    },
  },
  {
    reads: ['archive'],
    check(form, context, report) {
      if (form.archive) checkArchive(form.archive, context.data, report);
    },
  },
  {
    reads: ['medical.category', 'medical.business'],
    check(form, _context, report) {
      const business = form.medical?.business;
      if (form.medical?.category !== 'self-employed' || !business) return;
      const problem = socialCreditCodeProblem(business.unifiedSocialCreditCode);
      if (problem) report(['medical', 'business', 'unifiedSocialCreditCode'], problem);
    },
  },
  {
    reads: ['applicant.insuranceStartMonth', 'contribution.pensionBase'],
    check(form, context, report) {
      if (!form.contribution) return;
      const year = Number(form.applicant.insuranceStartMonth.slice(0, 4));
      const range = pensionBaseRange(context.data, year);
      const base = form.contribution.pensionBase;
      if (base < range.min || base > range.max) {
        const { min, max } = context.data.contributions.pension.baseRatio;
        report(
          ['contribution', 'pensionBase'],
          `养老保险缴费基数应在${range.min}元至${range.max}元之间（上年度全省月平均工资${range.averageMonthlyWage}元的${percent(min)}—${percent(max)}），请调整`,
        );
      }
    },
  },
  {
    reads: ['applicant.divisionCode', 'contribution.paymentFrequency'],
    check(form, context, report) {
      const city = cityOf(context.data, form.applicant.divisionCode);
      if (!form.contribution || !city) return;
      const offered = paymentFrequenciesOf(context.data, city.code);
      if (!offered.includes(form.contribution.paymentFrequency)) {
        const listed = offered.map((f) => `${f}（${paymentFrequencyNames[f]}）`).join('、');
        report(
          ['contribution', 'paymentFrequency'],
          `${city.name}不提供“${paymentFrequencyNames[form.contribution.paymentFrequency]}”缴费，请从以下方式中选择：${listed}`,
        );
      }
    },
  },
  {
    reads: ['applicant.divisionCode', 'housingFund.depositBase', 'housingFund.depositRatio'],
    check(form, context, report) {
      const city = cityOf(context.data, form.applicant.divisionCode);
      if (!form.housingFund || !city) return;
      const year = Number(context.today().slice(0, 4));
      const base = housingFundBaseRange(context.data, year, city.code);
      const { depositBase, depositRatio } = form.housingFund;
      if (depositBase < base.min || depositBase > base.max) {
        report(
          ['housingFund', 'depositBase'],
          `住房公积金缴存基数应在${base.min}元至${base.max}元之间（${city.name}${base.configuredYear}年度标准），请调整`,
        );
      }
      const ratio = housingFundRatioRange(context.data);
      if (depositRatio < ratio.min || depositRatio > ratio.max) {
        report(
          ['housingFund', 'depositRatio'],
          `住房公积金缴存比例应在${ratio.min}%至${ratio.max}%之间（单位和个人部分均由本人缴纳），请调整`,
        );
      }
    },
  },
];

function checkArchive(
  archive: NonNullable<ShapeOutput['archive']>,
  data: ReferenceData,
  report: Report,
): void {
  const receiving = archive.receivingInstitution;
  const provinceKnown = data.provinces.provinces.some(
    (province) => province.code === receiving.divisionCode.slice(0, 2),
  );
  if (!provinceKnown || receiving.divisionCode.endsWith('00')) {
    report(
      ['archive', 'receivingInstitution', 'divisionCode'],
      '档案接收机构所在地应为县（市、区）的6位行政区划代码，如370102',
    );
  } else if (receiving.divisionCode.startsWith('37') && !countyOf(data, receiving.divisionCode)) {
    report(
      ['archive', 'receivingInstitution', 'divisionCode'],
      `档案接收机构所在地代码${receiving.divisionCode}不是山东省现行的县（市、区）代码，请核对`,
    );
  } else if (receiving.basis === 'flexible-work' && !cityOf(data, receiving.divisionCode)) {
    report(
      ['archive', 'receivingInstitution', 'divisionCode'],
      '按灵活就业地接收档案时，接收机构应在山东省内（代码以37开头），请核对灵活就业地',
    );
  }
  // Limitation: the receiving institution is recognised by its name only (就业/人才), not
  // from a list of the public employment services, so a wrong but plausible name passes.
  if (!/就业|人才/.test(receiving.name)) {
    report(
      ['archive', 'receivingInstitution', 'name'],
      '档案接收机构应为户籍地或灵活就业地县级公共就业和人才服务机构，请填写全称，如“××市××区公共就业和人才服务中心”',
    );
  }
  if (archive.currentInstitution === receiving.name) {
    report(
      ['archive', 'currentInstitution'],
      '现存档机构与接收机构相同，档案无需转递；如需转递，请核对两个机构的名称',
    );
  }
}

function applicationPlaceProblem(data: ReferenceData, code: string): string | undefined {
  if (countyOf(data, code)) return undefined;
  const city = cityOf(data, code);
  if (!city) {
    return `办理地代码${code}不是山东省的县（市、区），请选择申请人办理业务所在的县（市、区）`;
  }
  const former = data.formerCities.find((c) => c.code.slice(0, 4) === code.slice(0, 4));
  if (former) {
    const listed = former.successors
      .flatMap((successor) => countyOf(data, successor) ?? [])
      .map((county) => `${county.name}（${county.code}）`)
      .join('或');
    return `${former.name}已撤销，原代码${code}不再使用，请改选${city.name}${listed}`;
  }
  if (code.endsWith('00')) {
    return `办理地代码${code}是${city.name}的市级代码，请选择到县（市、区），如${sampleCountyOf(data, city.code)}`;
  }
  return `办理地代码${code}不是${city.name}现行的县（市、区）代码，请从${city.name}的县（市、区）中选择`;
}

function sampleCountyOf(data: ReferenceData, cityCode: string): string {
  const county = data.counties.find((c) => c.city === cityCode);
  return county ? `${county.name}（${county.code}）` : '下辖的县（市、区）';
}

function birthDateProblem(
  birthDate: string | undefined,
  facts: IdentityFacts,
  today: string,
): string | undefined {
  if (facts.shortBirthDate !== undefined) {
    if (birthDate === undefined) {
      return '持2017年版外国人永久居留身份证的，请填写出生日期（证件号码中只有两位年份）';
    }
    if (birthDate.slice(2).replaceAll('-', '') !== facts.shortBirthDate) {
      return `出生日期与证件号码第8—13位（${facts.shortBirthDate}）不一致，请核对`;
    }
    if (birthDate > today) return '出生日期晚于今天，请核对';
    return undefined;
  }
  if (birthDate !== undefined && birthDate !== facts.birthDate) {
    return `出生日期与证件号码中的出生日期（${facts.birthDate}）不一致，请核对`;
  }
  return undefined;
}

// normalisation and helpers ------------------------------------------------------

function normalise(form: ShapeOutput, context: RulesContext): ApplicationForm {
  const chosen = itemCodes.filter((item) => form.items.includes(item));
  const sections = Object.fromEntries(
    chosen.flatMap((item) => {
      const section = sectionOfItem[item];
      return section ? [[section, form[section]]] : [];
    }),
  ) as Pick<
    ApplicationForm,
    'card' | 'archive' | 'medical' | 'contribution' | 'employment' | 'housingFund'
  >;

  const { retirementBase, ...applicant } = form.applicant;
  const birthDate = form.applicant.birthDate ?? identityFacts(form, context)?.birthDate;
  if (!birthDate) throw new TypeError('an accepted form has a birth date');

  if (sections.card && !sections.card.mailCard) {
    const { mailingAddress: _dropped, ...card } = sections.card;
    sections.card = card;
  }
  if (sections.medical && sections.medical.category !== 'self-employed') {
    const { business: _dropped, ...medical } = sections.medical;
    sections.medical = medical;
  }

  return {
    items: chosen,
    applicant: {
      ...applicant,
      birthDate,
      ...(applicant.sex === 'female' ? { retirementBase } : {}),
    },
    ...sections,
  };
}

function identityFacts(form: ShapeOutput, context: RulesContext): IdentityFacts | undefined {
  const { idType, idNumber } = form.applicant;
  const result = checkIdentityNumber(idType, idNumber, context.identity(context.today()));
  return result.ok ? result.facts : undefined;
}

function toRulesContext(context: FormRulesContext): RulesContext {
  const data = context.referenceData;
  const provinceCodes = new Set(data.provinces.provinces.map((province) => province.code));
  const residencePermitRegions = new Set(
    data.provinces.residencePermitRegions.map((region) => region.code),
  );
  return {
    data,
    today: context.today ?? (() => todayInBeijing()),
    identity: (today) => ({ provinceCodes, residencePermitRegions, today }),
  };
}

function touches(issuePath: readonly PropertyKey[], reads: string[]): boolean {
  const path = issuePath.map(String).join('.');
  return reads.some(
    (read) =>
      path === read || path.startsWith(`${read}.`) || read.startsWith(`${path}.`) || path === '',
  );
}

function valueAt(form: unknown, path: PropertyKey[]): unknown {
  return path.reduce<unknown>(
    (value, key) =>
      value && typeof value === 'object' ? (value as Record<PropertyKey, unknown>)[key] : undefined,
    form,
  );
}

function percent(ratio: number): string {
  return `${Math.round(ratio * 100)}%`;
}
