import { z } from 'zod';

import { itemCodes, items as itemDefinitions, type ItemCode } from '../../bpmn/process-contract.ts';
import { isRealDate } from './calendar-date.ts';

/**
 * The joint application form (一表申请, 附件4 of the service guide) as one zod schema shared
 * by the HTTP API, the counter page and the workers.
 *
 * Two layers:
 * - `applicationFormShape` (this module): the fields and their formats, with Chinese
 *   messages, needing no reference data. A plain `z.object`, so `.omit()` and JSON Schema
 *   work on it. Its output, with `birthDate` always present, is `ApplicationForm`: the
 *   shape stored in the application store.
 * - `createApplicationFormSchema()` (`application-rules.ts`): the shape plus every rule
 *   that needs reference data or today's date. Use that one to accept input.
 *
 * Per-item sections (`card`, `archive`, …) are required only when their item is chosen and
 * are dropped from an accepted form when it is not, so no personal data is kept for an
 * item nobody asked for. Personal fields keep the names the logger redacts: `name`,
 * `idNumber`, `phone`, `mailingAddress`.
 */

/** Kinds of identity document the form accepts (DOMAIN.md "Identity numbers"). */
export const idTypes = [
  'resident-id',
  'hk-macau-taiwan-residence-permit',
  'foreign-permanent-residence-2023',
  'foreign-permanent-residence-2017',
] as const;
export type IdType = (typeof idTypes)[number];

export const idTypeNames: Record<IdType, string> = {
  'resident-id': '居民身份证',
  'hk-macau-taiwan-residence-permit': '港澳台居民居住证',
  'foreign-permanent-residence-2023': '外国人永久居留身份证（2023年版）',
  'foreign-permanent-residence-2017': '外国人永久居留身份证（2017年版）',
};

export const sexes = ['male', 'female'] as const;
export type Sex = (typeof sexes)[number];
export const sexNames: Record<Sex, string> = { male: '男', female: '女' };

/** A woman's original retirement age, decided by HRSS, entered on the form. */
export const womenRetirementBases = ['female-55', 'female-50'] as const;
export type WomenRetirementBase = (typeof womenRetirementBases)[number];
export const womenRetirementBaseNames: Record<WomenRetirementBase, string> = {
  'female-55': '原法定退休年龄55周岁',
  'female-50': '原法定退休年龄50周岁',
};

/** Categories of flexible workers the medical insurance accepts. */
export const medicalCategories = [
  'self-employed',
  'part-time-without-employer-medical',
  'other-flexible',
] as const;
export type MedicalCategory = (typeof medicalCategories)[number];
export const medicalCategoryNames: Record<MedicalCategory, string> = {
  'self-employed': '无雇工的个体工商户',
  'part-time-without-employer-medical': '未在用人单位参加职工基本医疗保险的非全日制从业人员',
  'other-flexible': '其他灵活就业人员',
};

export const paymentFrequencies = ['monthly', 'quarterly', 'half-yearly', 'yearly'] as const;
export type PaymentFrequency = (typeof paymentFrequencies)[number];
export const paymentFrequencyNames: Record<PaymentFrequency, string> = {
  monthly: '按月',
  quarterly: '按季',
  'half-yearly': '按半年',
  yearly: '按年',
};

/** Where the archive goes: the public employment service of household registration or of work. */
export const archiveReceivingBases = ['household-registration', 'flexible-work'] as const;
export type ArchiveReceivingBasis = (typeof archiveReceivingBases)[number];
export const archiveReceivingBasisNames: Record<ArchiveReceivingBasis, string> = {
  'household-registration': '户籍地',
  'flexible-work': '灵活就业地',
};

/** The form section each item needs; `pension-enrollment` needs only the applicant. */
export const sectionOfItem = {
  'pension-enrollment': undefined,
  'social-security-card': 'card',
  'archive-transfer': 'archive',
  'medical-enrollment': 'medical',
  'contribution-declaration': 'contribution',
  'employment-registration': 'employment',
  'housing-fund-account': 'housingFund',
} as const satisfies Record<ItemCode, string | undefined>;

/** Each item's name in the service guide, by item code. */
export const itemNames = Object.fromEntries(
  itemCodes.map((code) => [code, itemDefinitions[code].name]),
) as Record<ItemCode, string>;

export type SectionName = NonNullable<(typeof sectionOfItem)[ItemCode]>;

export const sectionNames: Record<SectionName, string> = {
  card: '社会保障卡申领信息',
  archive: '人事档案转递信息',
  medical: '医疗保险参保信息',
  contribution: '社会保险费申报信息',
  employment: '灵活就业登记信息',
  housingFund: '住房公积金开户信息',
};

export const applicantShape = z.object(
  {
    name: text('姓名', 50),
    sex: choice('性别', sexNames),
    idType: choice('证件类型', idTypeNames),
    /** Trimmed and upper-cased (a lowercase x is accepted); checked by document type. */
    idNumber: z
      .string({ error: typeError('证件号码', '文字') })
      .trim()
      .toUpperCase()
      .min(1, '请填写证件号码'),
    /** `YYYY-MM-DD`; required for the 2017 foreigner card, else taken from the ID. */
    birthDate: date('出生日期').optional(),
    /** GB/T 3304 two-digit code, e.g. `01` for 汉族. */
    ethnicGroup: z
      .string({ error: typeError('民族', '两位民族代码') })
      .regex(/^\d{2}$/, '民族应为两位数字代码（GB/T 3304），如汉族为01'),
    /** Mobile number; spaces, dashes and `+86` are removed. */
    phone: z
      .string({ error: typeError('手机号码', '文字') })
      .overwrite((value) => value.replace(/[\s-]/g, '').replace(/^\+86/, ''))
      .regex(/^1[3-9]\d{9}$/, '手机号码应为11位数字、以13—19开头（可加+86），请核对'),
    /** 6-digit code of the county or district where the applicant applies; decides the city. */
    divisionCode: divisionCode('办理地县（市、区）'),
    /** Required for women (HRSS decides which); dropped for men. */
    retirementBase: choice('原法定退休年龄', womenRetirementBaseNames).optional(),
    /** 增员年月, `YYYY-MM`. */
    insuranceStartMonth: z
      .string({ error: typeError('增员年月', '年月') })
      .regex(/^\d{4}-(0[1-9]|1[0-2])$/, '增员年月应为年月，格式YYYY-MM，如2026-03'),
  },
  { error: sectionError('申请人信息') },
);

export const cardShape = z.object(
  {
    idIssuingAuthority: text('证件签发机关', 60),
    idValidFrom: date('证件有效期起始日期'),
    /** `YYYY-MM-DD` or `长期` (no end date). */
    idValidTo: z
      .string({ error: typeError('证件有效期截止日期', '日期（YYYY-MM-DD）或“长期”') })
      .refine(
        (value) => value === '长期' || isRealDate(value),
        '证件有效期截止日期应为日期（YYYY-MM-DD）或“长期”',
      ),
    /** Code of a bank on the city's list (`card-banks.v1.json`). */
    bankCode: text('发卡银行', 40, '请选择'),
    mailCard: flag('是否邮寄社会保障卡'),
    /** Required when `mailCard` is true; dropped when it is false. */
    mailingAddress: text('邮寄地址', 120).optional(),
  },
  { error: sectionError(sectionNames.card) },
);

export const archiveShape = z.object(
  {
    /** Where the archive is held now (school, talent centre, former employer, …). */
    currentInstitution: text('现存档机构', 80),
    receivingInstitution: z.object(
      {
        basis: choice('档案接收地', archiveReceivingBasisNames),
        /** 6-digit code of the county whose public employment service receives the archive. */
        divisionCode: divisionCode('档案接收机构所在县（市、区）'),
        name: text('档案接收机构名称', 80),
      },
      { error: sectionError('档案接收机构') },
    ),
  },
  { error: sectionError(sectionNames.archive) },
);

export const medicalShape = z.object(
  {
    category: choice('灵活就业类别', medicalCategoryNames),
    livesInShandong: flag('是否在山东省居住'),
    /** A self-employed applicant's business; dropped for other categories. */
    business: z
      .object(
        {
          businessName: text('个体工商户名称', 100),
          /** 统一社会信用代码, 18 characters, upper-cased. */
          unifiedSocialCreditCode: z
            .string({ error: typeError('统一社会信用代码', '文字') })
            .trim()
            .toUpperCase()
            .min(1, '请填写统一社会信用代码'),
        },
        { error: sectionError('个体工商户信息') },
      )
      .optional(),
  },
  { error: sectionError(sectionNames.medical) },
);

export const contributionShape = z.object(
  {
    /** Monthly pension contribution base in yuan. */
    pensionBase: amount('养老保险缴费基数'),
    paymentFrequency: choice('缴费方式', paymentFrequencyNames),
  },
  { error: sectionError(sectionNames.contribution) },
);

export const employmentShape = z.object(
  {
    ableToWork: flag('是否具有劳动能力'),
    working: flag('是否已经从业'),
    occupation: text('从事的工作', 60).optional(),
  },
  { error: sectionError(sectionNames.employment) },
);

export const housingFundShape = z.object(
  {
    /** Monthly deposit base in yuan. */
    depositBase: amount('住房公积金缴存基数'),
    /** Whole percent, 10 to 24 by default (reference data). */
    depositRatio: z
      .number({ error: typeError('住房公积金缴存比例', '百分数的数字，如12表示12%') })
      .int('住房公积金缴存比例应为整数百分比，如12表示12%'),
  },
  { error: sectionError(sectionNames.housingFund) },
);

/** The form's fields and formats; rules needing reference data are in `application-rules.ts`. */
export const applicationFormShape = z.object(
  {
    items: z
      .array(choice('申请事项', itemNames), { error: typeError('申请事项', '事项代码的列表') })
      .min(1, '请至少选择一个申请事项')
      .refine((chosen) => new Set(chosen).size === chosen.length, '申请事项有重复，请每项只选一次'),
    applicant: applicantShape,
    card: cardShape.optional(),
    archive: archiveShape.optional(),
    medical: medicalShape.optional(),
    contribution: contributionShape.optional(),
    employment: employmentShape.optional(),
    housingFund: housingFundShape.optional(),
  },
  { error: () => '申请表应为一个JSON对象' },
);

type ShapeOutput = z.output<typeof applicationFormShape>;

/** The applicant as accepted: `birthDate` is always present (taken from the ID if not sent). */
export type Applicant = Omit<ShapeOutput['applicant'], 'birthDate'> & { birthDate: string };

/** An accepted application form, as stored and as workers read it. */
export type ApplicationForm = Omit<ShapeOutput, 'applicant'> & { applicant: Applicant };

/** What a client sends (before trimming and normalising). */
export type ApplicationFormInput = z.input<typeof applicationFormShape>;

// field builders ---------------------------------------------------------------

type TypeIssue = { input?: unknown };

function typeError(label: string, expected: string, ask = '请填写') {
  return (issue: TypeIssue) =>
    issue.input === undefined || issue.input === null
      ? `${ask}${label}`
      : `${label}应为${expected}`;
}

function sectionError(label: string) {
  return (issue: TypeIssue) =>
    issue.input === undefined ? `请填写${label}` : `${label}应为一个JSON对象`;
}

/** A trimmed text of at most `max` characters; `ask` is `请选择` for a field chosen from a list. */
function text(label: string, max: number, ask: '请填写' | '请选择' = '请填写') {
  return (
    z
      .string({ error: typeError(label, '文字', ask) })
      .trim()
      .min(1, `${ask}${label}`)
      .max(max, `${label}不能超过${max}个字`)
      // No C0 control character (NUL cannot even be stored) other than tab and line breaks.
      .regex(
        // eslint-disable-next-line no-control-regex -- refusing them is the point
        /^[^\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]*$/,
        `${label}含有不可见的控制字符，请删除后重新填写`,
      )
  );
}

function choice<const T extends string>(label: string, names: Record<T, string>) {
  const values = Object.keys(names) as [T, ...T[]];
  const listed = values.map((value) => `${value}（${names[value]}）`).join('、');
  return z.enum(values, {
    error: (issue) =>
      issue.input === undefined || issue.input === null
        ? `请选择${label}`
        : `${label}只能是以下之一：${listed}`,
  });
}

function date(label: string) {
  return z.iso.date({
    error: (issue) =>
      issue.input === undefined
        ? `请填写${label}`
        : `${label}应为真实存在的日期，格式YYYY-MM-DD，如2026-03-01`,
  });
}

function flag(label: string) {
  return z.boolean({
    error: (issue) =>
      issue.input === undefined ? `请选择${label}` : `${label}应为是（true）或否（false）`,
  });
}

function amount(label: string) {
  return z
    .number({ error: typeError(label, '以元为单位的数字') })
    .positive(`${label}应大于0元`)
    .multipleOf(0.01, `${label}最多保留两位小数（精确到分）`);
}

function divisionCode(label: string) {
  return z
    .string({ error: typeError(`${label}代码`, '6位数字') })
    .regex(/^\d{6}$/, `${label}应为6位行政区划代码，如370102`);
}
