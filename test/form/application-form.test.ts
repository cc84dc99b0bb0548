import { describe, expect, it } from 'vitest';

import type { ItemCode } from '../../bpmn/process-contract.ts';
import { applicationFormShape } from '../../server/form/application-form.ts';
import { createApplicationFormSchema } from '../../server/form/application-rules.ts';
import { mod112CheckCharacter } from '../../server/form/identity-number.ts';
import {
  foreignCard2017Number,
  residentIdNumber,
  sampleApplicationForm,
  socialCreditCode,
  type SampleFormOptions,
} from '../../server/form/synthetic.ts';
import { validateApplicationForm } from '../../server/form/validate.ts';
import { loadReferenceData } from '../../server/reference-data/reference-data.ts';

const today = '2026-03-10';
const data = loadReferenceData();
const schema = createApplicationFormSchema({ referenceData: data, today: () => today });

/** A form as a client sends it: plain JSON, any field may be wrong. */
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function sample(options: SampleFormOptions = {}): Json {
  return structuredClone(sampleApplicationForm(data, { today, ...options })) as Json;
}

function errorsOf(input: unknown) {
  const result = validateApplicationForm(schema, input);
  return result.ok ? [] : result.errors;
}

describe('a valid form', () => {
  it('is accepted with every item chosen', () => {
    expect(errorsOf(sample())).toEqual([]);
  });

  it('is normalised: ID upper-cased, phone without +86, birth date from the ID, items in guide order', () => {
    // given a form typed loosely
    const input = sample({ items: ['housing-fund-account', 'pension-enrollment'] });
    input.applicant.idNumber = idWithCheck('37010219491231002').toLowerCase();
    input.applicant.sex = 'female';
    input.applicant.retirementBase = 'female-50';
    input.applicant.phone = '+86 138 0000 1234';

    // when it is accepted
    const result = validateApplicationForm(schema, input);

    // then the stored form is normalised
    expect(result).toMatchObject({
      ok: true,
      form: {
        items: ['pension-enrollment', 'housing-fund-account'],
        applicant: {
          idNumber: idWithCheck('37010219491231002').toUpperCase(),
          phone: '13800001234',
          birthDate: '1949-12-31',
          retirementBase: 'female-50',
        },
      },
    });
  });

  it('keeps no section of an item that was not chosen, and no field that does not apply', () => {
    // given a form for the card only, carrying leftovers from other items and a man's retirement base
    const input = sample({ items: ['social-security-card'], mailCard: false });
    input.archive = sample().archive;
    input.medical = sample().medical;
    input.applicant.retirementBase = 'female-55';
    input.card.mailingAddress = '山东省济南市历下区示例路1号';

    // when it is accepted
    const result = validateApplicationForm(schema, input);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));

    // then only the card section remains, without the mailing address
    expect(Object.keys(result.form).sort()).toEqual(['applicant', 'card', 'items']);
    expect(result.form.card).not.toHaveProperty('mailingAddress');
    expect(result.form.applicant).not.toHaveProperty('retirementBase');
  });

  it('drops the business of an applicant who is not self-employed', () => {
    const input = sample({ items: ['medical-enrollment'] });
    input.medical.category = 'other-flexible';
    const result = validateApplicationForm(schema, input);
    expect(result.ok && result.form.medical).toEqual({
      category: 'other-flexible',
      livesInShandong: true,
    });
  });
});

/** A change to a valid sample, the field it should be reported at, and the message. */
type Case = [string, (form: Json) => void, string, RegExp];

const formatCases: Case[] = [
  ['no item chosen', (f) => (f.items = []), 'items', /请至少选择一个申请事项/],
  ['an item twice', (f) => f.items.push('pension-enrollment'), 'items', /申请事项有重复/],
  ['an unknown item', (f) => (f.items = ['pension']), 'items.0', /申请事项只能是以下之一/],
  ['no name', (f) => (f.applicant.name = '  '), 'applicant.name', /请填写姓名/],
  ['no applicant', (f) => delete f.applicant, 'applicant', /请填写申请人信息/],
  ['an unknown sex', (f) => (f.applicant.sex = 'M'), 'applicant.sex', /性别只能是.*male（男）/],
  [
    'an unknown document type',
    (f) => (f.applicant.idType = 'passport'),
    'applicant.idType',
    /证件类型只能是/,
  ],
  [
    'a number as ID',
    (f) => (f.applicant.idNumber = 370102),
    'applicant.idNumber',
    /证件号码应为文字/,
  ],
  [
    'an ethnic group of one digit',
    (f) => (f.applicant.ethnicGroup = '1'),
    'applicant.ethnicGroup',
    /两位数字代码/,
  ],
  [
    'a landline',
    (f) => (f.applicant.phone = '0531-12345678'),
    'applicant.phone',
    /手机号码应为11位数字/,
  ],
  [
    'a mobile starting 12',
    (f) => (f.applicant.phone = '12812345678'),
    'applicant.phone',
    /以13—19开头/,
  ],
  [
    'a mobile of 10 digits',
    (f) => (f.applicant.phone = '+861381234567'),
    'applicant.phone',
    /11位/,
  ],
  [
    'a 4-digit division',
    (f) => (f.applicant.divisionCode = '3701'),
    'applicant.divisionCode',
    /6位行政区划代码/,
  ],
  [
    'a women’s base for an unknown age',
    (f) => (f.applicant.retirementBase = 'female-60'),
    'applicant.retirementBase',
    /原法定退休年龄只能是/,
  ],
  [
    '增员年月 as a date',
    (f) => (f.applicant.insuranceStartMonth = '2026-03-01'),
    'applicant.insuranceStartMonth',
    /格式YYYY-MM/,
  ],
  [
    '增员年月 month 13',
    (f) => (f.applicant.insuranceStartMonth = '2026-13'),
    'applicant.insuranceStartMonth',
    /格式YYYY-MM/,
  ],
  [
    'a birth date of 30 February',
    (f) => (f.applicant.birthDate = '1990-02-30'),
    'applicant.birthDate',
    /真实存在的日期/,
  ],
  [
    'ID valid from 31 April',
    (f) => (f.card.idValidFrom = '2025-04-31'),
    'card.idValidFrom',
    /真实存在的日期/,
  ],
  [
    'ID valid to "forever" in English',
    (f) => (f.card.idValidTo = 'forever'),
    'card.idValidTo',
    /日期（YYYY-MM-DD）或“长期”/,
  ],
  [
    'mail card as text',
    (f) => (f.card.mailCard = 'yes'),
    'card.mailCard',
    /是（true）或否（false）/,
  ],
  [
    'a pension base with fractions of a fen',
    (f) => (f.contribution.pensionBase = 5000.123),
    'contribution.pensionBase',
    /两位小数/,
  ],
  [
    'a pension base as text',
    (f) => (f.contribution.pensionBase = '5000'),
    'contribution.pensionBase',
    /以元为单位的数字/,
  ],
  [
    'a weekly payment',
    (f) => (f.contribution.paymentFrequency = 'weekly'),
    'contribution.paymentFrequency',
    /缴费方式只能是/,
  ],
  [
    'a deposit ratio of 0.12',
    (f) => (f.housingFund.depositRatio = 0.12),
    'housingFund.depositRatio',
    /整数百分比/,
  ],
  [
    'a card section that is not an object',
    (f) => (f.card = 'x'),
    'card',
    /社会保障卡申领信息应为一个JSON对象/,
  ],
];

const ruleCases: Case[] = [
  // chosen items need their sections
  [
    'the card chosen without its section',
    (f) => delete f.card,
    'card',
    /已选择“社会保障卡（含电子社保卡）申领”，请填写社会保障卡申领信息/,
  ],
  [
    'the archive chosen without its section',
    (f) => delete f.archive,
    'archive',
    /请填写人事档案转递信息/,
  ],
  [
    'medical chosen without its section',
    (f) => delete f.medical,
    'medical',
    /请填写医疗保险参保信息/,
  ],
  [
    'contributions chosen without their section',
    (f) => delete f.contribution,
    'contribution',
    /请填写社会保险费申报信息/,
  ],
  [
    'employment chosen without its section',
    (f) => delete f.employment,
    'employment',
    /请填写灵活就业登记信息/,
  ],
  [
    'the housing fund chosen without its section',
    (f) => delete f.housingFund,
    'housingFund',
    /请填写住房公积金开户信息/,
  ],
  // identity number by document type
  [
    'a first-generation ID',
    (f) => (f.applicant.idNumber = '370102900307001'),
    'applicant.idNumber',
    /请填写18位居民身份证号码/,
  ],
  [
    'an ID with a wrong check digit',
    (f) =>
      (f.applicant.idNumber =
        f.applicant.idNumber.slice(0, 17) + (f.applicant.idNumber.endsWith('1') ? '2' : '1')),
    'applicant.idNumber',
    /校验不通过/,
  ],
  [
    'an ID born on 30 February',
    (f) => (f.applicant.idNumber = idWithCheck('37010219900230001')),
    'applicant.idNumber',
    /不存在/,
  ],
  [
    'an ID born tomorrow',
    (f) => (f.applicant.idNumber = idWithCheck('37010220260311001')),
    'applicant.idNumber',
    /晚于今天/,
  ],
  [
    'a resident ID as a permit',
    (f) => (f.applicant.idType = 'hk-macau-taiwan-residence-permit'),
    'applicant.idNumber',
    /810000（香港）/,
  ],
  // sex and birth date against the ID
  [
    'a sex the ID contradicts',
    (f) => ((f.applicant.sex = 'female'), (f.applicant.retirementBase = 'female-55')),
    'applicant.sex',
    /第17位表示男性/,
  ],
  [
    'a birth date the ID contradicts',
    (f) => (f.applicant.birthDate = '1990-03-08'),
    'applicant.birthDate',
    /与证件号码中的出生日期（1990-03-07）不一致/,
  ],
  [
    'a 2017 card without birth date',
    (f) => (
      (f.applicant.idType = 'foreign-permanent-residence-2017'),
      (f.applicant.idNumber = foreignCard2017Number()),
      (f.card.idValidTo = '2030-01-01')
    ),
    'applicant.birthDate',
    /请填写出生日期（证件号码中只有两位年份）/,
  ],
  [
    'a 2017 card with another birth date',
    (f) => (
      (f.applicant.idType = 'foreign-permanent-residence-2017'),
      (f.applicant.idNumber = foreignCard2017Number({ birthDate: '1985-06-15' })),
      (f.applicant.birthDate = '1985-06-16'),
      (f.card.idValidTo = '2030-01-01')
    ),
    'applicant.birthDate',
    /第8—13位（850615）不一致/,
  ],
  // retirement base, ethnic group, division, 增员年月
  [
    'a woman without retirement base',
    (f) => (
      (f.applicant.sex = 'female'),
      (f.applicant.idNumber = residentIdNumber({ sex: 'female' }))
    ),
    'applicant.retirementBase',
    /50周岁或55周岁/,
  ],
  [
    'ethnic group 57',
    (f) => (f.applicant.ethnicGroup = '57'),
    'applicant.ethnicGroup',
    /不在GB\/T 3304民族代码表中/,
  ],
  [
    'ethnic group 99',
    (f) => (f.applicant.ethnicGroup = '99'),
    'applicant.ethnicGroup',
    /01—56、97其他、98/,
  ],
  [
    'a division outside Shandong',
    (f) => (f.applicant.divisionCode = '110105'),
    'applicant.divisionCode',
    /不是山东省的县（市、区）/,
  ],
  [
    'Laiwu as a city',
    (f) => (f.applicant.divisionCode = '371200'),
    'applicant.divisionCode',
    /莱芜市已撤销，原代码371200不再使用，请改选济南市莱芜区（370116）或钢城区（370117）/,
  ],
  [
    'an old Laiwu county as the place of application',
    (f) => (f.applicant.divisionCode = '371202'),
    'applicant.divisionCode',
    /莱芜市已撤销，原代码371202不再使用/,
  ],
  [
    'a county code that does not exist',
    (f) => (f.applicant.divisionCode = '370199'),
    'applicant.divisionCode',
    /不是济南市现行的县（市、区）代码/,
  ],
  [
    'a city instead of a county',
    (f) => (f.applicant.divisionCode = '370200'),
    'applicant.divisionCode',
    /370200是青岛市的市级代码，请选择到县（市、区），如市南区（370202）/,
  ],
  [
    '增员年月 too far back',
    (f) => (f.applicant.insuranceStartMonth = '2025-08'),
    'applicant.insuranceStartMonth',
    /应在2025-09至2026-06之间/,
  ],
  [
    '增员年月 too far ahead',
    (f) => (f.applicant.insuranceStartMonth = '2026-07'),
    'applicant.insuranceStartMonth',
    /前6个月至后3个月/,
  ],
  // ID validity
  [
    'an ID valid from tomorrow',
    (f) => (f.card.idValidFrom = '2026-03-11'),
    'card.idValidFrom',
    /起始日期晚于今天/,
  ],
  [
    'an ID ending before it starts',
    (f) => ((f.card.idValidFrom = '2020-01-01'), (f.card.idValidTo = '2019-01-01')),
    'card.idValidTo',
    /截止日期应晚于起始日期/,
  ],
  [
    'an ID ending the day it starts',
    (f) => ((f.card.idValidFrom = '2020-01-01'), (f.card.idValidTo = '2020-01-01')),
    'card.idValidTo',
    /截止日期应晚于起始日期/,
  ],
  [
    'an expired ID',
    (f) => ((f.card.idValidFrom = '2016-03-09'), (f.card.idValidTo = '2026-03-09')),
    'card.idValidTo',
    /证件已于2026-03-09过期/,
  ],
  [
    '长期 on a permit',
    (f) => (
      (f.applicant.idType = 'hk-macau-taiwan-residence-permit'),
      (f.applicant.idNumber = residentIdNumber({ region: '810000' })),
      (f.card.idValidTo = '长期')
    ),
    'card.idValidTo',
    /只有居民身份证的有效期可以是“长期”/,
  ],
  // card bank and mailing address
  [
    'a bank of another city',
    (f) => (f.card.bankCode = 'bank-of-qingdao'),
    'card.bankCode',
    /不是济南市的社会保障卡合作银行，请从以下银行中选择：icbc（中国工商银行）/,
  ],
  [
    'an unknown bank',
    (f) => (f.card.bankCode = 'citibank'),
    'card.bankCode',
    /“citibank”不是济南市/,
  ],
  [
    'mailing asked without address',
    (f) => delete f.card.mailingAddress,
    'card.mailingAddress',
    /选择邮寄社会保障卡时，请填写邮寄地址/,
  ],
  [
    'a mailing address too short',
    (f) => (f.card.mailingAddress = '历下区1号'),
    'card.mailingAddress',
    /邮寄地址不完整/,
  ],
  [
    'a mailing address without Chinese',
    (f) => (f.card.mailingAddress = 'No. 1 Some Road, Jinan'),
    'card.mailingAddress',
    /写明省、市、县（区）/,
  ],
  // archive institutions
  [
    'a receiving institution that is not a public employment service',
    (f) => (f.archive.receivingInstitution.name = '某某物业公司'),
    'archive.receivingInstitution.name',
    /公共就业和人才服务机构/,
  ],
  [
    'the same institution on both sides',
    (f) => (f.archive.currentInstitution = f.archive.receivingInstitution.name),
    'archive.currentInstitution',
    /档案无需转递/,
  ],
  [
    'a receiving county that is a province',
    (f) => (f.archive.receivingInstitution.divisionCode = '370000'),
    'archive.receivingInstitution.divisionCode',
    /县（市、区）的6位行政区划代码/,
  ],
  [
    'a Shandong receiving county that does not exist',
    (f) => (f.archive.receivingInstitution.divisionCode = '370199'),
    'archive.receivingInstitution.divisionCode',
    /370199不是山东省现行的县（市、区）代码/,
  ],
  [
    'a receiving county in no province',
    (f) => (f.archive.receivingInstitution.divisionCode = '990102'),
    'archive.receivingInstitution.divisionCode',
    /县（市、区）的6位行政区划代码/,
  ],
  [
    'a place of flexible work outside Shandong',
    (f) => (f.archive.receivingInstitution.divisionCode = '110105'),
    'archive.receivingInstitution.divisionCode',
    /应在山东省内/,
  ],
  // self-employed business
  [
    'a business credit code with a wrong check',
    (f) =>
      (f.medical.business.unifiedSocialCreditCode =
        socialCreditCode().slice(0, 17) + (socialCreditCode().endsWith('0') ? '1' : '0')),
    'medical.business.unifiedSocialCreditCode',
    /校验不通过/,
  ],
  [
    'a business credit code with an O',
    (f) => (f.medical.business.unifiedSocialCreditCode = 'O' + socialCreditCode().slice(1)),
    'medical.business.unifiedSocialCreditCode',
    /不能含有“O”/,
  ],
  // contributions and housing fund
  [
    'a pension base under 60 %',
    (f) => (f.contribution.pensionBase = 4000),
    'contribution.pensionBase',
    /养老保险缴费基数应在\d+元至\d+元之间.*60%—300%/,
  ],
  [
    'a pension base over 300 %',
    (f) => (f.contribution.pensionBase = 50000),
    'contribution.pensionBase',
    /60%—300%/,
  ],
  [
    'a housing fund base over Jinan’s 33902',
    (f) => (f.housingFund.depositBase = 33902.01),
    'housingFund.depositBase',
    /应在2400元至33902元之间（济南市2026年度标准）/,
  ],
  [
    'a housing fund base under 2400',
    (f) => (f.housingFund.depositBase = 2399),
    'housingFund.depositBase',
    /2400元至33902元/,
  ],
  [
    'a deposit ratio of 9 %',
    (f) => (f.housingFund.depositRatio = 9),
    'housingFund.depositRatio',
    /应在10%至24%之间/,
  ],
  [
    'a deposit ratio of 25 %',
    (f) => (f.housingFund.depositRatio = 25),
    'housingFund.depositRatio',
    /10%至24%/,
  ],
];

describe('a form with one mistake', () => {
  it.each([...formatCases, ...ruleCases])(
    'is refused for %s, at the field to fix',
    (_case, spoil, field, message) => {
      // given a valid form with one mistake
      const input = sample();
      spoil(input);

      // when it is validated
      const errors = errorsOf(input);

      // then exactly that field is reported, in Chinese, saying what to fix
      expect(errors).toEqual([{ field, message: expect.stringMatching(message) }]);
    },
  );
});

describe('boundaries that are accepted', () => {
  it.each<[string, (form: Json) => void, SampleFormOptions?]>([
    [
      '增员年月 at the earliest month of the window',
      (f) => (f.applicant.insuranceStartMonth = '2025-09'),
    ],
    [
      '增员年月 at the latest month of the window',
      (f) => (f.applicant.insuranceStartMonth = '2026-06'),
    ],
    [
      'an ID valid until today',
      (f) => ((f.card.idValidFrom = '2016-03-10'), (f.card.idValidTo = '2026-03-10')),
    ],
    ['a resident ID valid 长期', (f) => (f.card.idValidTo = '长期')],
    [
      'a Laiwu ID applying in 莱芜区',
      (f) => (
        (f.applicant.idNumber = residentIdNumber({ region: '371202' })),
        (f.applicant.divisionCode = '370116')
      ),
    ],
    [
      'a county-level city (胶州市)',
      (f) => (f.card.bankCode = 'bank-of-qingdao'),
      { divisionCode: '370281' },
    ],
    ['a functional zone (济南高新区)', (f) => (f.applicant.divisionCode = '370176')],
    [
      'a Qingdao bank in Qingdao',
      (f) => (f.card.bankCode = 'bank-of-qingdao'),
      { divisionCode: '370202' },
    ],
    [
      'Qingdao’s housing fund maximum 34342.75',
      (f) => (f.housingFund.depositBase = 34342.75),
      { divisionCode: '370202' },
    ],
    ['a deposit ratio of 10 %', (f) => (f.housingFund.depositRatio = 10)],
    ['a deposit ratio of 24 %', (f) => (f.housingFund.depositRatio = 24)],
    ['a phone with +86 and spaces', (f) => (f.applicant.phone = '+86 199 0000 0000')],
    [
      'a woman of the 50 base',
      (f) => (f.applicant.retirementBase = 'female-50'),
      { sex: 'female' },
    ],
    ['ethnic group 97 (其他)', (f) => (f.applicant.ethnicGroup = '97')],
    ['ethnic group 98 (外国血统中国籍人士)', (f) => (f.applicant.ethnicGroup = '98')],
    ['ethnic group 56 (基诺族)', (f) => (f.applicant.ethnicGroup = '56')],
    [
      'an archive sent to the county of household registration outside Shandong',
      (f) => (
        (f.archive.receivingInstitution.basis = 'household-registration'),
        (f.archive.receivingInstitution.divisionCode = '110105'),
        (f.archive.receivingInstitution.name = '北京市朝阳区人才服务中心')
      ),
    ],
    ['a birth date that agrees with the ID', (f) => (f.applicant.birthDate = '1990-03-07')],
    ['a quarterly payment', (f) => (f.contribution.paymentFrequency = 'quarterly')],
  ])('accepts %s', (_case, change, options) => {
    const input = sample(options);
    change(input);
    expect(errorsOf(input)).toEqual([]);
  });
});

describe('several mistakes at once', () => {
  it('reports every independent mistake in one answer', () => {
    // given a form with mistakes in several fields
    const input = sample();
    input.applicant.phone = '123';
    input.applicant.ethnicGroup = '60';
    input.card.bankCode = 'citibank';
    input.housingFund.depositRatio = 30;

    // then each is reported at its own field
    expect(errorsOf(input).map((error) => error.field)).toEqual([
      'applicant.phone',
      'applicant.ethnicGroup',
      'card.bankCode',
      'housingFund.depositRatio',
    ]);
  });

  it('judges no rule on a field whose format is already wrong', () => {
    // given an ID of the wrong shape and a sex it could contradict
    const input = sample();
    input.applicant.idNumber = 12345;
    input.applicant.sex = 'female';
    input.applicant.retirementBase = 'female-55';

    // then only the format is reported, not a sex mismatch
    expect(errorsOf(input)).toEqual([{ field: 'applicant.idNumber', message: '证件号码应为文字' }]);
  });

  it('says what is wrong with a body that is no form at all', () => {
    expect(errorsOf(null)).toEqual([{ field: '', message: '申请表应为一个JSON对象' }]);
    expect(errorsOf({})).toEqual([
      { field: 'items', message: '请填写申请事项' },
      { field: 'applicant', message: '请填写申请人信息' },
    ]);
  });
});

describe('the stored shape', () => {
  it('accepts an accepted form again, as the department API reads it', () => {
    // given an accepted form with every item
    const result = validateApplicationForm(schema, sample());
    if (!result.ok) throw new Error('sample refused');

    // then the plain shape parses it unchanged
    expect(applicationFormShape.parse(result.form)).toEqual(result.form);
  });

  it.each<[string, ItemCode[]]>([
    ['pension enrollment alone', ['pension-enrollment']],
    ['contributions and medical', ['contribution-declaration', 'medical-enrollment']],
  ])('only needs the sections of the items chosen: %s', (_case, items) => {
    const input = sample({ items });
    for (const section of ['card', 'archive', 'housingFund', 'employment']) delete input[section];
    expect(errorsOf(input)).toEqual([]);
  });
});

// helpers ------------------------------------------------------------------

function idWithCheck(first17: string): string {
  return first17 + mod112CheckCharacter(first17);
}
