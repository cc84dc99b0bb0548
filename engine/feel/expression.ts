/**
 * Zeebe's rule for attribute values: a value that starts with `=` followed by at least one
 * character is a FEEL expression (the text after `=`); anything else, `=` alone included, is a
 * static value used as it is written.
 */

import type { Expression } from '../model/executable-process.ts';

const FEEL_PREFIX = /^=([\s\S]+)$/;

/** Reads a model attribute as a static value or a FEEL expression; never fails. */
export function parseExpression(raw: string): Expression {
  const match = FEEL_PREFIX.exec(raw);
  if (match?.[1] !== undefined) {
    return { kind: 'feel', source: match[1] };
  }

  return { kind: 'static', value: raw };
}

/** The expression as a modeller wrote it, for messages: `=x > 1` or `PT1H`. */
export function expressionText(expression: Expression): string {
  return expression.kind === 'feel' ? `=${expression.source}` : expression.value;
}

/** The text Zeebe quotes in evaluation failures: the FEEL source, or the static value. */
export function expressionSource(expression: Expression): string {
  return expression.kind === 'feel' ? expression.source : expression.value;
}
