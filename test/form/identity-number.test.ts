import { describe, expect, it } from 'vitest';

import {
  checkIdentityNumber,
  mod112CheckCharacter,
  weights731CheckDigit,
  type IdentityContext,
} from '../../server/form/identity-number.ts';
import type { IdType } from '../../server/form/application-form.ts';
import {
  foreignCard2017Number,
  foreignCard2023Number,
  residentIdNumber,
} from '../../server/form/synthetic.ts';
import { loadReferenceData } from '../../server/reference-data/reference-data.ts';

const data = loadReferenceData();
const context: IdentityContext = {
  provinceCodes: new Set(data.provinces.provinces.map((province) => province.code)),
  residencePermitRegions: new Set(data.provinces.residencePermitRegions.map((r) => r.code)),
  today: '2026-03-10',
};

/** A number with a correct MOD 11-2 check character for the given first 17 digits. */
function withCheck(first17: string): string {
  return first17 + mod112CheckCharacter(first17);
}

describe('MOD 11-2 check character', () => {
  it.each([
    // GB 11643-1999's own examples
    ['11010519491231002', 'X'],
    ['44052418800101001', '4'],
  ])('gives %s the check character %s', (first17, expected) => {
    expect(mod112CheckCharacter(first17)).toBe(expected);
  });
});

describe('7-3-1 check digit of the 2017 foreigner card', () => {
  it('weights digits 7, 3, 1 and letters A = 10 … Z = 35, modulo 10', () => {
    // given "USA3701850615" + sequence 1: U=30 S=28 A=10
    const first14 = 'USA37018506151';
    const weights = [7, 3, 1];
    const values = [30, 28, 10, 3, 7, 0, 1, 8, 5, 0, 6, 1, 5, 1];
    const sum = values.reduce((total, value, i) => total + value * (weights[i % 3] as number), 0);

    // then the digit is the sum modulo 10
    expect(weights731CheckDigit(first14)).toBe(String(sum % 10));
  });
});

describe('identity numbers accepted', () => {
  it.each<[string, IdType, string, { birthDate?: string; sex?: string }]>([
    [
      'a Jinan resident ID',
      'resident-id',
      residentIdNumber(),
      { birthDate: '1990-03-07', sex: 'male' },
    ],
    [
      'a Laiwu (3712xx) resident ID, an old code valid for life',
      'resident-id',
      residentIdNumber({ region: '371202', birthDate: '1975-03-20', sex: 'female' }),
      { birthDate: '1975-03-20', sex: 'female' },
    ],
    [
      'a resident ID from another province',
      'resident-id',
      residentIdNumber({ region: '110105', birthDate: '2000-02-29' }),
      { birthDate: '2000-02-29', sex: 'male' },
    ],
    [
      'a resident ID with a lowercase x',
      'resident-id',
      '11010519491231002x',
      { birthDate: '1949-12-31', sex: 'female' },
    ],
    [
      'a Hong Kong residence permit',
      'hk-macau-taiwan-residence-permit',
      residentIdNumber({ region: '810000', birthDate: '1988-08-08', sex: 'female' }),
      { birthDate: '1988-08-08', sex: 'female' },
    ],
    [
      'a Macau residence permit',
      'hk-macau-taiwan-residence-permit',
      residentIdNumber({ region: '820000' }),
      { birthDate: '1990-03-07' },
    ],
    [
      'a Taiwan residence permit',
      'hk-macau-taiwan-residence-permit',
      residentIdNumber({ region: '830000' }),
      { birthDate: '1990-03-07' },
    ],
    [
      'a 2023 foreigner permanent residence card',
      'foreign-permanent-residence-2023',
      foreignCard2023Number({ birthDate: '1985-06-15' }),
      { birthDate: '1985-06-15', sex: undefined },
    ],
    [
      'a 2017 foreigner permanent residence card',
      'foreign-permanent-residence-2017',
      foreignCard2017Number(),
      {},
    ],
    [
      'a 2017 foreigner card typed in lowercase',
      'foreign-permanent-residence-2017',
      foreignCard2017Number({ nationality: 'DEU' }).toLowerCase(),
      {},
    ],
  ])('accepts %s', (_case, idType, idNumber, facts) => {
    // when the number is checked
    const result = checkIdentityNumber(idType, idNumber, context);

    // then it is accepted, upper-cased, with what it tells
    expect(result).toMatchObject({
      ok: true,
      facts: { idNumber: idNumber.toUpperCase(), ...facts },
    });
  });

  it('reads the sex from the 17th digit: odd is male, even is female', () => {
    for (const sex of ['male', 'female'] as const) {
      const result = checkIdentityNumber('resident-id', residentIdNumber({ sex }), context);
      expect(result).toMatchObject({ ok: true, facts: { sex } });
    }
  });

  it('keeps only YYMMDD of a 2017 card, the century being unknown', () => {
    const idNumber = foreignCard2017Number({ birthDate: '1985-06-15' });
    expect(checkIdentityNumber('foreign-permanent-residence-2017', idNumber, context)).toEqual({
      ok: true,
      facts: { idNumber, shortBirthDate: '850615' },
    });
  });
});

describe('identity numbers refused', () => {
  const good = residentIdNumber();
  const wrongCheck = good.slice(0, 17) + (good[17] === '1' ? '2' : '1');

  it.each<[string, IdType, string, string, RegExp]>([
    [
      'a first-generation 15-digit ID',
      'resident-id',
      '370102900307123',
      'FIRST_GENERATION_ID',
      /15位第一代居民身份证.*请填写18位居民身份证号码/,
    ],
    ['17 digits', 'resident-id', good.slice(0, 17), 'ID_FORMAT', /应为18位/],
    ['a letter in the middle', 'resident-id', 'A' + good.slice(1), 'ID_FORMAT', /应为18位/],
    ['a wrong check digit', 'resident-id', wrongCheck, 'ID_CHECK_DIGIT', /校验不通过/],
    [
      'an unknown province prefix',
      'resident-id',
      withCheck('99010219900307001'),
      'ID_PROVINCE',
      /前两位（99）不是省级行政区划代码/,
    ],
    [
      'a permit number given as a resident ID',
      'resident-id',
      residentIdNumber({ region: '810000' }),
      'ID_PROVINCE',
      /港澳台居民居住证号码，请将证件类型改为港澳台居民居住证/,
    ],
    [
      '30 February',
      'resident-id',
      withCheck('37010219900230001'),
      'ID_BIRTH_DATE',
      /出生日期（19900230）不存在/,
    ],
    [
      '29 February of a year that is not leap',
      'resident-id',
      withCheck('37010219000229001'),
      'ID_BIRTH_DATE',
      /不存在/,
    ],
    [
      'a birth year before 1900',
      'resident-id',
      withCheck('37010218991231001'),
      'ID_BIRTH_DATE',
      /出生日期（1899-12-31）早于1900年/,
    ],
    ['month 13', 'resident-id', withCheck('37010219901301001'), 'ID_BIRTH_DATE', /不存在/],
    [
      'a birth date after today',
      'resident-id',
      withCheck('37010220260311001'),
      'ID_BIRTH_DATE',
      /出生日期（2026-03-11）晚于今天/,
    ],
    [
      'a permit with a mainland region',
      'hk-macau-taiwan-residence-permit',
      good,
      'ID_PERMIT_REGION',
      /应以810000（香港）、820000（澳门）或830000（台湾）开头/,
    ],
    [
      'a 2023 foreigner card not starting with 9',
      'foreign-permanent-residence-2023',
      good,
      'ID_FORMAT',
      /以9开头/,
    ],
    [
      'a 2023 foreigner card with an unknown province of issue',
      'foreign-permanent-residence-2023',
      foreignCard2023Number({ province: '99' }),
      'ID_PROVINCE',
      /第2—3位（99）不是省级受理地代码/,
    ],
    [
      'a 2017 foreigner card of the wrong shape',
      'foreign-permanent-residence-2017',
      'US370185061512',
      'ID_FORMAT',
      /3位国籍字母代码加12位数字/,
    ],
    [
      'a 2017 foreigner card with a wrong check digit',
      'foreign-permanent-residence-2017',
      foreignCard2017Number().slice(0, 14) + String((Number(foreignCard2017Number()[14]) + 1) % 10),
      'ID_CHECK_DIGIT',
      /校验不通过/,
    ],
    [
      'a 2017 foreigner card with month 13',
      'foreign-permanent-residence-2017',
      foreignCard2017Number({ birthDate: '1985-13-15' }),
      'ID_BIRTH_DATE',
      /出生月日不存在/,
    ],
  ])('refuses %s', (_case, idType, idNumber, code, message) => {
    // when the number is checked
    const result = checkIdentityNumber(idType, idNumber, context);

    // then it is refused with a code and a Chinese message saying what to fix
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problem.code).toBe(code);
    expect(result.problem.message).toMatch(message);
  });
});
