/**
 * Reading attribute values that hold expressions, with Zeebe's deployment checks: present when
 * mandatory, FEEL (`=` prefix) where a static value makes no sense, and FEEL that parses.
 */

import { checkFeelSyntax, formatFeelProblems, parseExpression } from '../feel/index.ts';
import type { Expression } from './executable-process.ts';
import type { ProblemList } from './bpmn-problems.ts';
import type { ModdleElement } from './moddle-element.ts';

export interface ExpressionRules {
  /** Refuse a static value: the attribute only makes sense as FEEL (conditions, correlation keys). */
  feelOnly?: boolean;
}

/**
 * Reads `raw` as an expression of `owner`'s `attribute`. Absent or blank values are reported
 * as missing; returns `undefined` whenever there is a problem.
 */
export function readExpression(
  problems: ProblemList,
  owner: ModdleElement,
  attribute: string,
  raw: string | undefined,
  rules: ExpressionRules = {},
): Expression | undefined {
  if (raw === undefined || raw.trim() === '') {
    problems.invalid(owner, 'must be present and not empty', attribute);
    return undefined;
  }

  return readOptionalExpression(problems, owner, attribute, raw, rules);
}

/** As `readExpression`, for attributes that may be left out. */
export function readOptionalExpression(
  problems: ProblemList,
  owner: ModdleElement,
  attribute: string,
  raw: string | undefined,
  rules: ExpressionRules = {},
): Expression | undefined {
  if (raw === undefined || raw === '') {
    return undefined;
  }

  const expression = parseExpression(raw);
  if (expression.kind === 'static') {
    if (rules.feelOnly) {
      problems.invalid(
        owner,
        `expected an expression but found the static value '${raw}'; ` +
          `an expression starts with '=' (e.g. '=${raw}')`,
        attribute,
      );
      return undefined;
    }

    return expression;
  }

  const syntax = checkFeelSyntax(expression.source);
  if (syntax.length > 0) {
    problems.feelSyntax(owner, attribute, `'${raw}': ${formatFeelProblems(syntax)}`);
    return undefined;
  }

  return expression;
}
