/**
 * FEEL for the embedded engine: Zeebe's `=` rule, syntax checks at deployment, and
 * evaluation whose failures come back as data for incidents.
 */

export { parseExpression, expressionText, expressionSource } from './expression.ts';
export { checkFeelSyntax, formatFeelProblems } from './syntax.ts';
export type { FeelSyntaxProblem, SourcePosition } from './syntax.ts';
export {
  evaluate,
  evaluateAs,
  evaluateString,
  evaluateNumber,
  evaluateBoolean,
  evaluateList,
  evaluateCorrelationKey,
  feelValueType,
  toJsonValue,
} from './evaluate.ts';
export type { FeelResult, FeelValue, FeelValueType, FeelWarning } from './evaluate.ts';
