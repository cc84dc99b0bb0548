/**
 * FEEL syntax checking at deployment. `feelin`'s parser recovers from errors and marks them
 * in the syntax tree; every marked spot becomes a problem returned as data (code, message,
 * position), so the deployment can name each broken expression instead of stopping at one.
 */

import { parseExpression } from 'feelin';
import { camundaFunctionNames } from './camunda-functions.ts';

/** A place in the source, as character offsets (`to` exclusive). */
export interface SourcePosition {
  from: number;
  to: number;
}

export interface FeelSyntaxProblem {
  code: 'FEEL_SYNTAX_ERROR';
  message: string;
  position: SourcePosition;
}

type SyntaxNode = ReturnType<typeof parseExpression>['topNode'];

/** Results by source: a model repeats its expressions, and parsing one costs ~0.2 ms. */
const checked = new Map<string, FeelSyntaxProblem[]>();
const CHECKED_LIMIT = 5_000;

/** Checks FEEL source (the text after `=`); an empty list means it parses. */
export function checkFeelSyntax(source: string): FeelSyntaxProblem[] {
  const known = checked.get(source);
  if (known) {
    return known.map((problem) => ({ ...problem, position: { ...problem.position } }));
  }

  if (checked.size >= CHECKED_LIMIT) {
    checked.clear();
  }

  const problems = parseForProblems(source);
  checked.set(source, problems);
  return problems.map((problem) => ({ ...problem, position: { ...problem.position } }));
}

/** The problems as one line, for error messages. */
export function formatFeelProblems(problems: FeelSyntaxProblem[]): string {
  return problems.map((p) => `${p.message} at ${p.position.from}-${p.position.to}`).join('; ');
}

// helpers ----------

function parseForProblems(source: string): FeelSyntaxProblem[] {
  if (source.trim() === '') {
    return [problem('the expression is empty', { from: 0, to: source.length })];
  }

  const problems: FeelSyntaxProblem[] = [];
  const tree = parseExpression(source, camundaFunctionNames, undefined);

  tree.iterate({
    enter(ref) {
      if (ref.type.isError) {
        problems.push(describeError(source, ref.node));
      }
    },
  });

  return problems;
}

function describeError(source: string, node: SyntaxNode): FeelSyntaxProblem {
  const context = node.parent?.name ?? 'Expression';

  if (node.from !== node.to) {
    const text = source.slice(node.from, node.to);
    return problem(`unexpected '${text}' in ${context}`, { from: node.from, to: node.to });
  }

  const next = nextNode(node);
  if (next) {
    const text = source.slice(next.from, next.to);
    return problem(`unexpected '${text}' in ${context}`, { from: next.from, to: next.to });
  }

  return problem(`the expression ends before its ${context} is complete`, {
    from: node.from,
    to: node.to,
  });
}

function nextNode(node: SyntaxNode): SyntaxNode | null {
  for (let current: SyntaxNode | null = node; current; current = current.parent) {
    if (current.nextSibling) {
      return current.nextSibling;
    }
  }

  return null;
}

function problem(message: string, position: SourcePosition): FeelSyntaxProblem {
  return { code: 'FEEL_SYNTAX_ERROR', message, position };
}
