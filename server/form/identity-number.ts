import type { IdType, Sex } from './application-form.ts';
import { isRealDate } from './calendar-date.ts';

/**
 * Identity numbers by document type (DOMAIN.md "Identity numbers"), written here because
 * the npm validators accept impossible dates, refuse a lowercase x or know no foreigner
 * cards.
 *
 * `checkIdentityNumber` never throws: a number it cannot accept comes back as a problem
 * with a stable code and a Chinese message saying what to fix.
 */

/** What a valid number tells about its holder. */
export interface IdentityFacts {
  /** The number as stored: trimmed, letters upper-cased. */
  idNumber: string;
  /** `YYYY-MM-DD`; for the 2017 foreigner card only the `YYMMDD` part is in the number. */
  birthDate?: string;
  /** From the 17th digit's parity, where the document type defines it. */
  sex?: Sex;
  /** `YYMMDD`, the 2017 foreigner card's birth date without its century. */
  shortBirthDate?: string;
}

export interface IdentityProblem {
  code: IdentityProblemCode;
  message: string;
}

export type IdentityProblemCode =
  | 'FIRST_GENERATION_ID'
  | 'ID_FORMAT'
  | 'ID_CHECK_DIGIT'
  | 'ID_PROVINCE'
  | 'ID_PERMIT_REGION'
  | 'ID_BIRTH_DATE';

export type IdentityCheck =
  { ok: true; facts: IdentityFacts } | { ok: false; problem: IdentityProblem };

/** What the check needs besides the number: reference lists and today's date. */
export interface IdentityContext {
  /** Two-digit province codes (GB/T 2260), e.g. `37`. */
  provinceCodes: ReadonlySet<string>;
  /** `810000`, `820000`, `830000`. */
  residencePermitRegions: ReadonlySet<string>;
  /** Today in Beijing, `YYYY-MM-DD`; a birth date after it is refused. */
  today: string;
}

/** Checks `value` as a number of the document type `idType`. */
export function checkIdentityNumber(
  idType: IdType,
  value: string,
  context: IdentityContext,
): IdentityCheck {
  const idNumber = value.trim().toUpperCase();
  switch (idType) {
    case 'resident-id':
      return checkResidentId(idNumber, context);
    case 'hk-macau-taiwan-residence-permit':
      return checkResidencePermit(idNumber, context);
    case 'foreign-permanent-residence-2023':
      return checkForeignCard2023(idNumber, context);
    case 'foreign-permanent-residence-2017':
      return checkForeignCard2017(idNumber, context);
  }
}

/** ISO 7064 MOD 11-2 check character for the first 17 digits (GB 11643). */
export function mod112CheckCharacter(first17: string): string {
  const sum = [...first17].reduce((total, digit, index) => {
    return total + Number(digit) * (mod112Weights[index] ?? 0);
  }, 0);
  return mod112Characters[sum % 11] as string;
}

/** Check digit of the 2017 foreigner card: weights 7-3-1 over 14 characters, A = 10 … Z = 35. */
export function weights731CheckDigit(first14: string): string {
  const sum = [...first14].reduce((total, character, index) => {
    return total + characterValue(character) * (weights731[index % 3] as number);
  }, 0);
  return String(sum % 10);
}

// document types -------------------------------------------------------------

function checkResidentId(idNumber: string, context: IdentityContext): IdentityCheck {
  if (/^\d{15}$/.test(idNumber)) {
    return problem(
      'FIRST_GENERATION_ID',
      '15位第一代居民身份证号码已停止使用，请填写18位居民身份证号码',
    );
  }
  if (!/^\d{17}[\dX]$/.test(idNumber)) {
    return problem('ID_FORMAT', '居民身份证号码应为18位：前17位是数字，最后一位是数字或X');
  }
  if (context.residencePermitRegions.has(idNumber.slice(0, 6))) {
    return problem(
      'ID_PROVINCE',
      '以810000、820000、830000开头的是港澳台居民居住证号码，请将证件类型改为港澳台居民居住证',
    );
  }
  return checkEighteenDigits(idNumber, context, () => {
    if (context.provinceCodes.has(idNumber.slice(0, 2))) return undefined;
    return problem(
      'ID_PROVINCE',
      `居民身份证号码前两位（${idNumber.slice(0, 2)}）不是省级行政区划代码，请核对号码`,
    );
  });
}

function checkResidencePermit(idNumber: string, context: IdentityContext): IdentityCheck {
  if (!/^\d{17}[\dX]$/.test(idNumber)) {
    return problem('ID_FORMAT', '港澳台居民居住证号码应为18位：前17位是数字，最后一位是数字或X');
  }
  return checkEighteenDigits(idNumber, context, () => {
    if (context.residencePermitRegions.has(idNumber.slice(0, 6))) return undefined;
    return problem(
      'ID_PERMIT_REGION',
      '港澳台居民居住证号码应以810000（香港）、820000（澳门）或830000（台湾）开头，请核对号码',
    );
  });
}

function checkForeignCard2023(idNumber: string, context: IdentityContext): IdentityCheck {
  if (!/^9\d{16}[\dX]$/.test(idNumber)) {
    return problem(
      'ID_FORMAT',
      '2023年版外国人永久居留身份证号码应为18位，以9开头：前17位是数字，最后一位是数字或X',
    );
  }
  const result = checkEighteenDigits(idNumber, context, () => {
    if (context.provinceCodes.has(idNumber.slice(1, 3))) return undefined;
    return problem(
      'ID_PROVINCE',
      `永久居留身份证号码第2—3位（${idNumber.slice(1, 3)}）不是省级受理地代码，请核对号码`,
    );
  });

  // Limitation: sex is not checked on a 2023 foreigner card (the sequence digit's meaning is
  // unconfirmed), so a wrong sex on such a form is accepted.
  return result.ok ? { ok: true, facts: { ...result.facts, sex: undefined } } : result;
}

function checkForeignCard2017(idNumber: string, _context: IdentityContext): IdentityCheck {
  if (!/^[A-Z]{3}\d{12}$/.test(idNumber)) {
    return problem(
      'ID_FORMAT',
      '2017年版外国人永久居留身份证号码应为15位：3位国籍字母代码加12位数字',
    );
  }
  if (weights731CheckDigit(idNumber.slice(0, 14)) !== idNumber.slice(14)) {
    return problem('ID_CHECK_DIGIT', '永久居留身份证号码校验不通过，请逐位核对后重新填写');
  }

  // Limitation: the nationality letters and the issuing code are not checked against their
  // lists, so a typo there that keeps the check digit right is accepted.

  // Only YYMMDD is in the number; the form's birth date decides the century.
  const monthDay = idNumber.slice(9, 13);
  if (!isRealDate(`2000-${monthDay.slice(0, 2)}-${monthDay.slice(2)}`)) {
    return problem('ID_BIRTH_DATE', '永久居留身份证号码中的出生月日不存在，请核对号码');
  }
  return { ok: true, facts: { idNumber, shortBirthDate: idNumber.slice(7, 13) } };
}

function checkEighteenDigits(
  idNumber: string,
  context: IdentityContext,
  checkRegion: () => { ok: false; problem: IdentityProblem } | undefined,
): IdentityCheck {
  if (mod112CheckCharacter(idNumber.slice(0, 17)) !== idNumber.slice(17)) {
    return problem('ID_CHECK_DIGIT', '证件号码校验不通过，请逐位核对后重新填写');
  }

  const regionProblem = checkRegion();
  if (regionProblem) return regionProblem;

  const digits = idNumber.slice(6, 14);
  const birthDate = `${digits.slice(0, 4)}-${digits.slice(4, 6)}-${digits.slice(6)}`;
  if (!isRealDate(birthDate)) {
    return problem('ID_BIRTH_DATE', `证件号码中的出生日期（${digits}）不存在，请核对号码`);
  }
  if (birthDate < '1900-01-01') {
    return problem('ID_BIRTH_DATE', `证件号码中的出生日期（${birthDate}）早于1900年，请核对号码`);
  }
  if (birthDate > context.today) {
    return problem('ID_BIRTH_DATE', `证件号码中的出生日期（${birthDate}）晚于今天，请核对号码`);
  }

  const sex: Sex = Number(idNumber[16]) % 2 === 1 ? 'male' : 'female';
  return { ok: true, facts: { idNumber, birthDate, sex } };
}

// helpers ------------------------------------------------------------------

const mod112Weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const mod112Characters = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];
const weights731 = [7, 3, 1];

function characterValue(character: string): number {
  return /\d/.test(character) ? Number(character) : character.charCodeAt(0) - 55;
}

function problem(
  code: IdentityProblemCode,
  message: string,
): { ok: false; problem: IdentityProblem } {
  return { ok: false, problem: { code, message } };
}
