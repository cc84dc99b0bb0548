/**
 * The unified social credit code (统一社会信用代码, GB 32100) of a self-employed applicant's
 * business: 18 characters from 0-9 A-H J-N P Q R T U W X Y, the last a check character.
 */

const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** The check character for the first 17 characters: (31 - sum mod 31) mod 31. */
export function socialCreditCheckCharacter(first17: string): string {
  const sum = [...first17].reduce(
    (total, character, index) => total + alphabet.indexOf(character) * (weights[index] ?? 0),
    0,
  );
  return alphabet[(31 - (sum % 31)) % 31] as string;
}

/**
 * Why `code` is not a valid unified social credit code, in Chinese, or undefined when it is.
 * Upper-cases first, so a lowercase code is judged by its letters.
 */
export function socialCreditCodeProblem(code: string): string | undefined {
  const value = code.trim().toUpperCase();
  if (value.length !== 18) return `统一社会信用代码应为18位，现为${value.length}位，请核对营业执照`;

  const invalid = [...value].find((character) => !alphabet.includes(character));
  if (invalid !== undefined) {
    return `统一社会信用代码不能含有“${invalid}”（不使用I、O、Z、S、V），请核对营业执照`;
  }
  if (socialCreditCheckCharacter(value.slice(0, 17)) !== value[17]) {
    return '统一社会信用代码校验不通过，请逐位核对营业执照上的代码';
  }
  return undefined;
}
