import { describe, expect, it } from 'vitest';
import { expressionText, parseExpression } from '../../../engine/feel/index.ts';

describe('reading a model attribute as an expression', () => {
  it.each([
    ['=x > 1', { kind: 'feel', source: 'x > 1' }],
    ['= order.amount', { kind: 'feel', source: ' order.amount' }],
    ['=\n  a and b', { kind: 'feel', source: '\n  a and b' }],
    ['PT1H', { kind: 'static', value: 'PT1H' }],
    ['payment-service', { kind: 'static', value: 'payment-service' }],
    ['3', { kind: 'static', value: '3' }],
    ['=', { kind: 'static', value: '=' }],
    [' =x', { kind: 'static', value: ' =x' }],
    ['', { kind: 'static', value: '' }],
  ])('reads %j as %j, following Zeebe’s `=` rule', (raw, expected) => {
    // when the attribute is read
    const expression = parseExpression(raw);

    // then only a leading `=` with text after it makes FEEL
    expect(expression).toEqual(expected);
    expect(expressionText(expression)).toBe(raw);
  });
});
