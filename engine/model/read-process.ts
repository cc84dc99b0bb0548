/**
 * One executable BPMN process read into the graph the runtime executes: its flow nodes
 * (sub-processes included), its sequence flows in document order, and boundary events
 * attached to their activities. Problems are collected, not thrown.
 */

import type { ExecutableProcess, FlowNode, SequenceFlow } from './executable-process.ts';
import { body, list, single, text, type ModdleElement } from './moddle-element.ts';
import { readOptionalExpression } from './read-expression.ts';
import {
  DOCUMENTATION_ONLY,
  checkExtensions,
  isActivity,
  nodeTypeOf,
  readFlowNode,
  type NodeContext,
} from './read-flow-node.ts';

/** References bpmn-moddle could not resolve, by `<element id>|<property>`, to the id named. */
export type UnresolvedReferences = Map<string, string>;

export interface ProcessContext extends NodeContext {
  unresolved: UnresolvedReferences;
}

/** What was read, with the moddle elements kept for the checks that follow. */
export interface ProcessReading {
  process: ExecutableProcess;
  /** Moddle element of every node and flow read, by id. */
  elements: Map<string, ModdleElement>;
  /** The none start events of each scope (process or sub-process), by scope id. */
  startEvents: Map<string, string[]>;
  /** Ids of all flow elements of the process, refused ones included. */
  memberIds: Set<string>;
}

/** Reads an executable process; the result is usable only when no problem was reported. */
export function readProcess(context: ProcessContext, process: ModdleElement): ProcessReading {
  const reading: ProcessReading = {
    process: {
      bpmnProcessId: process.id ?? '',
      ...(text(process, 'name') ? { name: text(process, 'name') } : {}),
      startEventId: '',
      childIds: [],
      nodes: new Map(),
      flows: new Map(),
    },
    elements: new Map(),
    startEvents: new Map(),
    memberIds: new Set(),
  };

  checkExtensions(context.problems, process);
  const flows: Array<{ element: ModdleElement; scopeId: string }> = [];
  reading.process.childIds = readScope(context, reading, process, flows);
  reading.process.startEventId = reading.startEvents.get(reading.process.bpmnProcessId)?.[0] ?? '';

  for (const { element, scopeId } of flows) {
    readSequenceFlow(context, reading, element, scopeId);
  }

  attachBoundaryEvents(context, reading);
  return reading;
}

// helpers ----------

function readScope(
  context: ProcessContext,
  reading: ProcessReading,
  container: ModdleElement,
  flows: Array<{ element: ModdleElement; scopeId: string }>,
): string[] {
  const scopeId = container.id ?? '';
  const childIds: string[] = [];
  reading.startEvents.set(scopeId, []);

  for (const element of list(container, 'flowElements')) {
    if (!element.id) {
      context.problems.invalid(element, 'every flow element needs an id', 'id');
      continue;
    }

    reading.memberIds.add(element.id);
    if (element.$type === 'bpmn:SequenceFlow') {
      flows.push({ element, scopeId });
      reading.elements.set(element.id, element);
      continue;
    }

    if (DOCUMENTATION_ONLY.has(element.$type)) {
      continue;
    }

    const node = readNode(context, reading, element, scopeId, flows);
    if (node) {
      childIds.push(node.id);
    }
  }

  return childIds;
}

function readNode(
  context: ProcessContext,
  reading: ProcessReading,
  element: ModdleElement,
  scopeId: string,
  flows: Array<{ element: ModdleElement; scopeId: string }>,
): FlowNode | undefined {
  const type = nodeTypeOf(element);
  if (!type) {
    context.problems.unsupported(element, 'is not supported by the embedded engine');
    return undefined;
  }

  const node = readFlowNode(context, element, type, scopeId);
  if (!node) {
    return undefined;
  }

  reading.process.nodes.set(node.id, node);
  reading.elements.set(node.id, element);

  if (type === 'START_EVENT' && !node.eventDefinition) {
    reading.startEvents.get(scopeId)?.push(node.id);
  }

  if (type === 'SUB_PROCESS') {
    node.childIds = readScope(context, reading, element, flows);
    node.startEventId = reading.startEvents.get(node.id)?.[0] ?? '';
  }

  return node;
}

function readSequenceFlow(
  context: ProcessContext,
  reading: ProcessReading,
  element: ModdleElement,
  scopeId: string,
): void {
  const id = element.id ?? '';
  const source = endpoint(context, reading, element, 'sourceRef');
  const target = endpoint(context, reading, element, 'targetRef');
  const condition = readOptionalExpression(
    context.problems,
    element,
    'conditionExpression',
    body(element, 'conditionExpression'),
    { feelOnly: true },
  );

  if (body(element, 'conditionExpression')?.trim() === '') {
    context.problems.invalid(element, 'a condition must not be empty', 'conditionExpression');
  }

  if (!source || !target) {
    return;
  }

  if (source.scopeId !== scopeId || target.scopeId !== scopeId) {
    context.problems.invalid(
      element,
      `connects <${source.id}> and <${target.id}>, which are not both in <${scopeId}>`,
    );
    return;
  }

  const flow: SequenceFlow = {
    id,
    ...(text(element, 'name') ? { name: text(element, 'name') } : {}),
    sourceId: source.id,
    targetId: target.id,
    ...(condition ? { condition } : {}),
  };
  reading.process.flows.set(id, flow);
  source.outgoing.push(id);
  target.incoming.push(id);
}

/** The node at one end of a sequence flow, or `undefined` after reporting why not. */
function endpoint(
  context: ProcessContext,
  reading: ProcessReading,
  flow: ModdleElement,
  property: 'sourceRef' | 'targetRef',
): FlowNode | undefined {
  const referenced = single(flow, property);
  if (!referenced) {
    const unknown = context.unresolved.get(`${flow.id ?? ''}|bpmn:${property}`);
    context.problems.invalid(
      flow,
      unknown === undefined
        ? 'is missing'
        : `names <${unknown}>, which is not an element of the model`,
      property,
    );
    return undefined;
  }

  const node = reading.process.nodes.get(referenced.id ?? '');
  if (!node && !reading.memberIds.has(referenced.id ?? '')) {
    context.problems.invalid(
      flow,
      `names <${referenced.id ?? ''}>, which is not in this process`,
      property,
    );
  }

  // A member that is not a node was refused or is broken, and is reported already.
  return node;
}

function attachBoundaryEvents(context: ProcessContext, reading: ProcessReading): void {
  for (const node of reading.process.nodes.values()) {
    if (node.type !== 'BOUNDARY_EVENT') {
      continue;
    }

    const element = reading.elements.get(node.id) as ModdleElement;
    const attachedTo = single(element, 'attachedToRef');
    const activity = reading.process.nodes.get(attachedTo?.id ?? '');

    if (!attachedTo) {
      const unknown = context.unresolved.get(`${node.id}|bpmn:attachedToRef`);
      context.problems.invalid(
        element,
        unknown === undefined
          ? 'must be attached to an activity'
          : `is attached to <${unknown}>, which is not an element of the model`,
        'attachedToRef',
      );
    } else if (!activity) {
      if (!reading.memberIds.has(attachedTo.id ?? '')) {
        context.problems.invalid(
          element,
          `is attached to <${attachedTo.id ?? ''}>, which is not in this process`,
          'attachedToRef',
        );
      } else if (nodeTypeOf(attachedTo) && !isActivityElement(attachedTo)) {
        context.problems.invalid(
          element,
          `is attached to <${attachedTo.id ?? ''}> (${attachedTo.$type}), which is not an activity`,
          'attachedToRef',
        );
      }
    } else if (!isActivity(activity.type)) {
      context.problems.invalid(
        element,
        `is attached to <${activity.id}> (${attachedTo.$type}), which is not an activity`,
        'attachedToRef',
      );
    } else if (activity.scopeId !== node.scopeId) {
      context.problems.invalid(
        element,
        `is attached to <${activity.id}>, which is in another scope`,
        'attachedToRef',
      );
    } else {
      node.attachedToId = activity.id;
      activity.boundaryEventIds.push(node.id);
    }
  }
}

function isActivityElement(element: ModdleElement): boolean {
  const type = nodeTypeOf(element);
  return type !== undefined && isActivity(type);
}
