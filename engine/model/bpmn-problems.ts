/**
 * What is wrong with a model, collected over the whole deployment so that one refusal names
 * every problem: unsupported elements, broken Zeebe rules and FEEL syntax errors, each with
 * the element id and BPMN type (`<Task_1> (bpmn:ServiceTask)`).
 */

import { EngineError, type EngineErrorCode } from '../errors.ts';
import type { ModdleElement } from './moddle-element.ts';

export type BpmnProblemCode = 'BPMN_UNSUPPORTED_ELEMENT' | 'BPMN_INVALID' | 'FEEL_SYNTAX_ERROR';

export interface BpmnProblem {
  code: BpmnProblemCode;
  /** Id of the element at fault; empty when the element has none. */
  elementId: string;
  /** Its BPMN type as written in XML terms, e.g. `bpmn:ServiceTask`. */
  elementType: string;
  /** The attribute or child at fault, e.g. `conditionExpression` or `zeebe:taskDefinition type`. */
  attribute?: string;
  message: string;
}

/** Collects problems while a deployment is read. */
export class ProblemList {
  readonly problems: BpmnProblem[] = [];

  unsupported(element: ModdleElement, message: string, detail?: string): void {
    this.add('BPMN_UNSUPPORTED_ELEMENT', element, message, detail);
  }

  invalid(element: ModdleElement, message: string, attribute?: string): void {
    this.add('BPMN_INVALID', element, message, attribute);
  }

  feelSyntax(element: ModdleElement, attribute: string, message: string): void {
    this.add('FEEL_SYNTAX_ERROR', element, message, attribute);
  }

  private add(
    code: BpmnProblemCode,
    element: ModdleElement,
    message: string,
    attribute?: string,
  ): void {
    this.problems.push({
      code,
      elementId: element.id ?? '',
      elementType: element.$type,
      ...(attribute ? { attribute } : {}),
      message,
    });
  }
}

/** `<Task_1> (bpmn:ServiceTask) zeebe:taskDefinition type: message` */
export function formatProblem(problem: BpmnProblem): string {
  const attribute = problem.attribute ? ` ${problem.attribute}` : '';
  return `<${problem.elementId}> (${problem.elementType})${attribute}: ${problem.message}`;
}

/**
 * One `EngineError` for all problems of a resource. Its code is the gravest kind present:
 * unsupported elements, then invalid BPMN, then FEEL syntax errors; its message lists them all.
 */
export function deploymentRefused(resourceName: string, problems: BpmnProblem[]): EngineError {
  const lines = problems.map((problem) => `- ${formatProblem(problem)}`);
  const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
  const message = `Cannot deploy '${resourceName}', ${count}:\n${lines.join('\n')}`;
  return new EngineError(gravestCode(problems), message);
}

const GRAVITY: BpmnProblemCode[] = [
  'BPMN_UNSUPPORTED_ELEMENT',
  'BPMN_INVALID',
  'FEEL_SYNTAX_ERROR',
];

function gravestCode(problems: BpmnProblem[]): BpmnProblemCode & EngineErrorCode {
  return (
    GRAVITY.find((code) => problems.some((problem) => problem.code === code)) ?? 'BPMN_INVALID'
  );
}
