import { describe, expect, it } from 'vitest';
import {
  evaluate,
  evaluateBoolean,
  evaluateCorrelationKey,
  evaluateList,
  evaluateNumber,
  evaluateString,
  parseExpression,
} from '../../../engine/feel/index.ts';
import { evaluate as feelinEvaluate } from 'feelin';

const variables = {
  applicant: { name: '张三', age: 45, channel: 'online' },
  items: ['pension', 'medical'],
  amount: 1250.5,
  flag: true,
  caseNo: 20260224,
};

describe('evaluating an expression', () => {
  it.each([
    ['=applicant.age >= 16', true],
    ['=count(items)', 2],
    ['=applicant.name', '张三'],
    ['=items[1]', 'pension'],
    ['={total: amount, ok: flag}', { total: 1250.5, ok: true }],
    ['=date("2026-02-24")', '2026-02-24'],
    ['=duration("PT1H")', 'PT1H'],
    ['=get or else(applicant.nickname, "none")', 'none'],
    ['=is empty(items)', false],
    ['payment', 'payment'],
    ['3', 3],
    ['-1.5', -1.5],
    ['PT1H', 'PT1H'],
  ])('%s gives %j as JSON', (raw, expected) => {
    // when the expression is evaluated
    const result = evaluate(parseExpression(raw), variables);

    // then the value is JSON-ready
    expect(result).toMatchObject({ ok: true, value: expected });
  });

  it.each([
    ['=missing', 'NO_VARIABLE_FOUND'],
    ['=unknownFunction(1)', 'NO_FUNCTION_FOUND'],
    ['=applicant.age + "x"', 'INVALID_TYPE'],
  ])('%s gives null with a %s warning, as FEEL is null-friendly', (raw, warning) => {
    // when the expression is evaluated
    const result = evaluate(parseExpression(raw), variables);

    // then it is not a failure: Zeebe maps such a value to null
    expect(result).toMatchObject({ ok: true, value: null });
    expect(result.ok && result.warnings.map((w) => w.type)).toContain(warning);
  });

  it('fails when assert() is not satisfied', () => {
    // when an assertion fails
    const result = evaluate(parseExpression('=assert(missing, missing != null, "需要证件号")'), {});

    // then the failure carries the cause
    expect(result).toEqual({ ok: false, message: expect.stringContaining('需要证件号') });
  });

  it('fails, instead of throwing, when FEEL that was never checked does not parse', () => {
    // when broken FEEL is evaluated
    const result = evaluate(parseExpression('=1 +'), {});

    // then the failure names the expression
    expect(result).toEqual({ ok: false, message: expect.stringContaining("'1 +'") });
  });
});

describe('evaluating for a typed use', () => {
  it.each([
    ['job type', '="svc-" + applicant.channel', 'svc-online', evaluateString],
    ['static job type', 'svc-online', 'svc-online', evaluateString],
    ['retries', '=count(items) + 1', 3, evaluateNumber],
    ['static retries', '5', 5, evaluateNumber],
    ['condition', '=amount > 1000', true, evaluateBoolean],
    ['input collection', '=items', ['pension', 'medical'], evaluateList],
    ['correlation key from a string', '=applicant.name', '张三', evaluateCorrelationKey],
    ['correlation key from a number', '=caseNo', '20260224', evaluateCorrelationKey],
    ['correlation key from a decimal', '=42.7', '42', evaluateCorrelationKey],
  ] as const)('a %s from %s gives %j', (_use, raw, expected, evaluateFor) => {
    // when the expression is evaluated for its use
    const result = evaluateFor(parseExpression(raw), variables);

    // then the value has the type the use needs
    expect(result).toMatchObject({ ok: true, value: expected });
  });

  it.each([
    ['job type', '=caseNo', "to be 'STRING', but was 'NUMBER'", evaluateString],
    ['static numeric job type', '123', "to be 'STRING', but was 'NUMBER'", evaluateString],
    ['message name', '=missing', "to be 'STRING', but was 'NULL'", evaluateString],
    ['retries', '=applicant.name', "to be 'NUMBER', but was 'STRING'", evaluateNumber],
    ['condition', '=missing > 1', "to be 'BOOLEAN', but was 'NULL'", evaluateBoolean],
    ['condition', '="yes"', "to be 'BOOLEAN', but was 'STRING'", evaluateBoolean],
    ['input collection', '=applicant', "to be 'ARRAY', but was 'OBJECT'", evaluateList],
    ['correlation key', '=flag', "but was 'BOOLEAN'", evaluateCorrelationKey],
    ['correlation key', '=missing', "but was 'NULL'", evaluateCorrelationKey],
  ] as const)('a %s from %s fails saying: %s', (_use, raw, message, fn) => {
    // when the expression gives the wrong type
    const result = fn(parseExpression(raw), variables);

    // then the failure says what was expected and what came
    expect(result).toEqual({ ok: false, message: expect.stringContaining(message) });
  });

  it('lists the warnings behind a null in the failure message', () => {
    // when a missing variable makes a condition null
    const result = evaluateBoolean(parseExpression('=decision'), {});

    // then the incident message explains why
    expect(result).toEqual({
      ok: false,
      message: expect.stringMatching(/'NULL'.*warnings:\n\[NO_VARIABLE_FOUND\]/s),
    });
  });
});

describe('reading variable paths without the FEEL parser', () => {
  const context = {
    applicant: { name: '张三', address: null, documents: [{ kind: 'id' }, { kind: 'photo' }] },
    count: 3,
    label: 'abc',
    nothing: null,
  };

  it.each([
    'applicant',
    'applicant.name',
    'applicant.address',
    'applicant.address.city',
    'applicant.documents.kind',
    'applicant.phone',
    'count.value',
    'label.length',
    'nothing',
    ' count ',
  ])('%j gives what feelin gives', (source) => {
    // when a path is evaluated by the engine and by feelin itself
    const result = evaluate(parseExpression(`=${source}`), context);
    const reference = feelinEvaluate(source, context);

    // then value and warning types agree
    expect(result).toEqual({
      ok: true,
      value: reference.value,
      warnings: reference.warnings.map(({ type, message }) => ({ type, message })),
    });
  });
});
