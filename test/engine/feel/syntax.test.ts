import { describe, expect, it } from 'vitest';
import { checkFeelSyntax } from '../../../engine/feel/index.ts';

describe('checking FEEL syntax at deployment', () => {
  it.each([
    'x > 1',
    'order.amount >= 100 and customer.vip',
    'if x then "a" else "b"',
    'some item in items satisfies item.ok',
    'for i in 1..3 return i * 2',
    '{total: sum(items.price)}',
    'date and time("2026-02-24T17:00:00+08:00") + duration("PT1H")',
    'applicant name',
    'get or else(channel, "online")',
    'is empty(documents)',
    'assert(idNumber, idNumber != null)',
  ])('accepts %j', (source) => {
    // when the source is checked
    const problems = checkFeelSyntax(source);

    // then there is nothing to report
    expect(problems).toEqual([]);
  });

  it.each([
    ['1 +', 3, 3, 'ends before its ArithmeticExpression is complete'],
    ['1 +* 2', 3, 4, "unexpected '*'"],
    [')', 0, 1, "unexpected ')'"],
    ['x >', 3, 3, 'ends before its Comparison is complete'],
    ['if a then', 9, 9, 'ends before its IfExpression is complete'],
    ['{a: }', 4, 5, "unexpected '}'"],
    ['"unterminated', 0, 1, `unexpected '"'`],
    ['', 0, 0, 'the expression is empty'],
    ['   ', 0, 3, 'the expression is empty'],
  ])('reports %j as a problem at %i-%i', (source, from, to, message) => {
    // when the source is checked
    const problems = checkFeelSyntax(source);

    // then the problem comes back as data with its position
    expect(problems[0]).toEqual({
      code: 'FEEL_SYNTAX_ERROR',
      message: expect.stringContaining(message),
      position: { from, to },
    });
  });
});
