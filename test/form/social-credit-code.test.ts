import { describe, expect, it } from 'vitest';

import {
  socialCreditCheckCharacter,
  socialCreditCodeProblem,
} from '../../server/form/social-credit-code.ts';
import { socialCreditCode } from '../../server/form/synthetic.ts';

describe('unified social credit code', () => {
  it('computes the check as (31 - weighted sum mod 31) mod 31 over the GB 32100 alphabet', () => {
    // given 17 zeros but the first, "9" (value 9 × weight 1 = 9)
    // then the check is 31 - 9 = 22, the 23rd character of 0-9 A-H J-N P Q R T U W X Y
    expect(socialCreditCheckCharacter('90000000000000000')).toBe('N');

    // and a sum divisible by 31 gives "0"
    expect(socialCreditCheckCharacter('00000000000000000')).toBe('0');
  });

  it.each([
    ['a generated code', socialCreditCode('370102', 7)],
    ['a code typed in lowercase', socialCreditCode('370202', 8).toLowerCase()],
  ])('accepts %s', (_case, code) => {
    expect(socialCreditCodeProblem(code)).toBeUndefined();
  });

  const good = socialCreditCode('370102', 7);
  it.each([
    ['17 characters', good.slice(0, 17), /应为18位，现为17位/],
    ['a letter the alphabet leaves out (I)', `I${good.slice(1)}`, /不能含有“I”/],
    ['a letter the alphabet leaves out (O)', `${good.slice(0, 10)}O${good.slice(11)}`, /“O”/],
    ['a wrong check character', good.slice(0, 17) + (good[17] === 'A' ? 'B' : 'A'), /校验不通过/],
    ['two characters swapped', good.slice(0, 2) + good[3] + good[2] + good.slice(4), /校验不通过/],
  ])('refuses %s', (_case, code, message) => {
    expect(socialCreditCodeProblem(code)).toMatch(message);
  });
});
