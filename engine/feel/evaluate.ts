/**
 * Evaluation of model expressions with `feelin`, following Zeebe's rules:
 *
 * - FEEL is null-friendly: a missing variable, an unknown function or an operation on the
 *   wrong types gives `null` plus a warning, not a failure.
 * - A failure is an expression that cannot run (`assert()` failing, a syntax error slipping
 *   through) or a result of the wrong type where the model needs one (a job type must be a
 *   string, a condition a boolean, an input collection a list). Failures come back as data
 *   so the runtime can raise an incident with the message.
 * - A static value is a number when it reads as one (`3`, `-1.5`), otherwise a string.
 *
 * Never throws.
 *
 * Shortcoming: numbers are JavaScript doubles, not Zeebe's decimals, so `1.1 + 2.2` is
 * `3.3000000000000003` where Zeebe gives `3.3`; a condition comparing such sums may differ.
 */

import {
  evaluate as evaluateFeel,
  FeelDate,
  FeelDateTime,
  FeelDuration,
  FeelTime,
  isFunction,
  isRange,
} from 'feelin';
import type { Expression } from '../model/executable-process.ts';
import { camundaFunctions, FeelAssertionFailure } from './camunda-functions.ts';
import { expressionSource } from './expression.ts';
import { evaluateVariablePath } from './variable-path.ts';

/** Result types as Zeebe names them in incident messages. */
export type FeelValueType =
  | 'NULL'
  | 'STRING'
  | 'NUMBER'
  | 'BOOLEAN'
  | 'ARRAY'
  | 'OBJECT'
  | 'DATE'
  | 'TIME'
  | 'DATE_TIME'
  | 'DURATION'
  | 'PERIOD'
  | 'FUNCTION'
  | 'RANGE';

/** A non-fatal finding of the evaluation, e.g. `NO_VARIABLE_FOUND`. */
export interface FeelWarning {
  type: string;
  message: string;
}

export type FeelResult<T> =
  { ok: true; value: T; warnings: FeelWarning[] } | { ok: false; message: string };

/** A FEEL value as `feelin` returns it, with its type. */
export interface FeelValue {
  value: unknown;
  type: FeelValueType;
}

/** Evaluates any expression; the value is JSON-ready (temporals become ISO strings). */
export function evaluate(
  expression: Expression,
  variables: Record<string, unknown>,
): FeelResult<unknown> {
  const result = evaluateValue(expression, variables);
  return result.ok ? { ...result, value: toJsonValue(result.value.value) } : result;
}

/**
 * Evaluates and checks the result type; the value is left as `feelin` returns it
 * (e.g. a `FeelDuration`), for callers that read temporals.
 */
export function evaluateAs(
  expression: Expression,
  variables: Record<string, unknown>,
  expected: readonly FeelValueType[],
): FeelResult<FeelValue> {
  const result = evaluateValue(expression, variables);
  if (!result.ok || expected.includes(result.value.type)) {
    return result;
  }

  const wanted = expected.length === 1 ? `'${expected[0]}'` : `one of '${expected.join(', ')}'`;
  const message =
    `Expected result of the expression '${expressionSource(expression)}' to be ${wanted}, ` +
    `but was '${result.value.type}'.`;
  return { ok: false, message: withWarnings(message, result.warnings) };
}

/** A string, e.g. a job type or a message name; anything else is a failure. */
export function evaluateString(
  expression: Expression,
  variables: Record<string, unknown>,
): FeelResult<string> {
  return mapValue(evaluateAs(expression, variables, ['STRING']), String);
}

/** A number, e.g. job retries (Zeebe takes its integer part: use `Math.trunc`). */
export function evaluateNumber(
  expression: Expression,
  variables: Record<string, unknown>,
): FeelResult<number> {
  return mapValue(evaluateAs(expression, variables, ['NUMBER']), Number);
}

/** A boolean, e.g. a sequence flow condition; `null` or any other type is a failure. */
export function evaluateBoolean(
  expression: Expression,
  variables: Record<string, unknown>,
): FeelResult<boolean> {
  return mapValue(evaluateAs(expression, variables, ['BOOLEAN']), (value) => value === true);
}

/** A list, e.g. a multi-instance input collection; items are JSON-ready. */
export function evaluateList(
  expression: Expression,
  variables: Record<string, unknown>,
): FeelResult<unknown[]> {
  return mapValue(evaluateAs(expression, variables, ['ARRAY']), (value) =>
    (value as unknown[]).map(toJsonValue),
  );
}

/**
 * A message correlation key: a string, or a number turned into the string of its integer
 * part (`42.7` → `"42"`), as Zeebe does; anything else is a failure naming what it got.
 */
export function evaluateCorrelationKey(
  expression: Expression,
  variables: Record<string, unknown>,
): FeelResult<string> {
  const result = evaluateValue(expression, variables);
  if (!result.ok) {
    return result;
  }

  const { value, type } = result.value;
  if (type === 'STRING') {
    return { ...result, value: value as string };
  }

  if (type === 'NUMBER') {
    return { ...result, value: integerString(value as number) };
  }

  const message =
    `Failed to extract the correlation key for '${expressionSource(expression)}': ` +
    `The value must be either a string or a number, but was '${type}'.`;
  return { ok: false, message: withWarnings(message, result.warnings) };
}

/** The type of a value `feelin` returned (or that a caller passes in). */
export function feelValueType(value: unknown): FeelValueType {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'string') return 'STRING';
  if (typeof value === 'number') return 'NUMBER';
  if (typeof value === 'boolean') return 'BOOLEAN';
  if (Array.isArray(value)) return 'ARRAY';
  if (value instanceof FeelDateTime) return 'DATE_TIME';
  if (value instanceof FeelDate) return 'DATE';
  if (value instanceof FeelTime) return 'TIME';
  if (value instanceof FeelDuration) return value.yearsMonths ? 'PERIOD' : 'DURATION';
  if (isFunction(value) || typeof value === 'function') return 'FUNCTION';
  if (isRange(value)) return 'RANGE';
  return 'OBJECT';
}

/** A FEEL value as JSON: temporals as ISO strings, functions and ranges as null. */
export function toJsonValue(value: unknown): unknown {
  switch (feelValueType(value)) {
    case 'NULL':
    case 'FUNCTION':
    case 'RANGE':
      return null;
    case 'NUMBER':
      return Number.isFinite(value) ? value : null;
    case 'ARRAY':
      return (value as unknown[]).map(toJsonValue);
    case 'OBJECT':
      return Object.fromEntries(
        Object.entries(value as object).map(([key, entry]) => [key, toJsonValue(entry)]),
      );
    case 'DATE':
    case 'TIME':
    case 'DATE_TIME':
    case 'DURATION':
    case 'PERIOD':
      return String(value);
    default:
      return value;
  }
}

// helpers ----------

const NUMBER_LITERAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

function evaluateValue(
  expression: Expression,
  variables: Record<string, unknown>,
): FeelResult<FeelValue> {
  if (expression.kind === 'static') {
    return { ok: true, value: staticValue(expression.value), warnings: [] };
  }

  const fast = evaluateVariablePath(expression.source, variables);
  if (fast) {
    return {
      ok: true,
      value: { value: fast.value, type: feelValueType(fast.value) },
      warnings: fast.warnings,
    };
  }

  try {
    const context = { ...camundaFunctions, ...variables };
    const { value, warnings } = evaluateFeel(expression.source, context);
    return {
      ok: true,
      value: { value, type: feelValueType(value) },
      warnings: warnings.map(({ type, message }) => ({ type, message })),
    };
  } catch (error) {
    return { ok: false, message: failureMessage(expression.source, error) };
  }
}

function staticValue(text: string): FeelValue {
  return NUMBER_LITERAL.test(text)
    ? { value: Number(text), type: 'NUMBER' }
    : { value: text, type: 'STRING' };
}

function failureMessage(source: string, error: unknown): string {
  if (error instanceof FeelAssertionFailure) {
    return error.message;
  }

  const reason = error instanceof Error ? error.message : String(error);
  return `Failed to evaluate expression '${source}': ${reason}`;
}

function withWarnings(message: string, warnings: FeelWarning[]): string {
  if (warnings.length === 0) {
    return message;
  }

  const lines = warnings.map((warning) => `[${warning.type}] ${warning.message}`);
  return `${message} The evaluation reported the following warnings:\n${lines.join('\n')}`;
}

function mapValue<T>(result: FeelResult<FeelValue>, map: (value: unknown) => T): FeelResult<T> {
  return result.ok ? { ...result, value: map(result.value.value) } : result;
}

function integerString(value: number): string {
  return Number.isFinite(value) ? BigInt(Math.trunc(value)).toString() : String(value);
}
