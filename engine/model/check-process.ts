/**
 * Zeebe's rules that span several elements, checked on the graph once every node and flow of
 * a process is read: start events per scope, where conditions and default flows may be,
 * what follows an event-based gateway, which boundary events can share an activity, and
 * loops that would run forever without waiting.
 */

import { expressionText } from '../feel/index.ts';
import type { ProblemList } from './bpmn-problems.ts';
import type { FlowNode } from './executable-process.ts';
import { single, type ModdleElement } from './moddle-element.ts';
import type { ProcessContext, ProcessReading } from './read-process.ts';

/** Checks a process read by `readProcess`; problems go to the context. */
export function checkProcess(
  context: ProcessContext,
  reading: ProcessReading,
  process: ModdleElement,
): void {
  const { problems } = context;
  checkStartEvents(problems, reading, process);

  for (const node of reading.process.nodes.values()) {
    const element = reading.elements.get(node.id) as ModdleElement;
    checkNode(context, reading, node, element);
  }

  for (const flow of reading.process.flows.values()) {
    const source = reading.process.nodes.get(flow.sourceId);
    if (flow.condition && source && !CONDITIONAL_SOURCES.has(source.type)) {
      problems.invalid(
        reading.elements.get(flow.id) as ModdleElement,
        'conditions are only allowed on flows leaving an exclusive or inclusive gateway',
        'conditionExpression',
      );
    }
  }

  checkStraightThroughLoops(problems, reading);
}

// helpers ----------

const CONDITIONAL_SOURCES = new Set<FlowNode['type']>(['EXCLUSIVE_GATEWAY', 'INCLUSIVE_GATEWAY']);

function checkStartEvents(problems: ProblemList, reading: ProcessReading, process: ModdleElement) {
  for (const [scopeId, startEvents] of reading.startEvents) {
    const scope =
      scopeId === reading.process.bpmnProcessId ? process : reading.elements.get(scopeId);
    if (!scope || startEvents.length === 1) {
      continue;
    }

    const what = scope === process ? 'a process' : 'a sub-process';
    problems.invalid(
      scope,
      startEvents.length === 0
        ? `${what} must have a none start event`
        : `${what} must have only one none start event, found ${startEvents.map((id) => `<${id}>`).join(', ')}`,
    );
  }
}

function checkNode(
  context: ProcessContext,
  reading: ProcessReading,
  node: FlowNode,
  element: ModdleElement,
): void {
  const { problems } = context;

  if (node.type === 'END_EVENT' && node.outgoing.length > 0) {
    problems.invalid(element, 'an end event must not have outgoing sequence flows', 'outgoing');
  }

  if (node.type === 'BOUNDARY_EVENT' && node.incoming.length > 0) {
    problems.invalid(element, 'a boundary event must not have incoming sequence flows', 'incoming');
  }

  if (CONDITIONAL_SOURCES.has(node.type)) {
    checkDecision(context, reading, node, element);
  }

  if (node.type === 'EVENT_BASED_GATEWAY') {
    checkEventBasedGateway(problems, reading, node, element);
  }

  if (node.boundaryEventIds.length > 0) {
    checkBoundaryEvents(problems, reading, node, element);
  }
}

/** Exclusive and inclusive gateways: the default flow, and conditions on the others. */
function checkDecision(
  context: ProcessContext,
  reading: ProcessReading,
  gateway: FlowNode,
  element: ModdleElement,
): void {
  const defaultFlow = single(element, 'default');
  const unresolved = context.unresolved.get(`${gateway.id}|bpmn:default`);

  if (unresolved !== undefined) {
    context.problems.invalid(
      element,
      `names <${unresolved}>, which is not an element of the model`,
      'default',
    );
  } else if (defaultFlow && !gateway.outgoing.includes(defaultFlow.id ?? '')) {
    context.problems.invalid(
      element,
      `the default flow <${defaultFlow.id ?? ''}> must be an outgoing sequence flow of the gateway`,
      'default',
    );
  } else if (defaultFlow?.id) {
    gateway.defaultFlowId = defaultFlow.id;
  }

  if (gateway.outgoing.length < 2) {
    return;
  }

  for (const flowId of gateway.outgoing) {
    const flow = reading.elements.get(flowId) as ModdleElement;
    if (!single(flow, 'conditionExpression') && flowId !== defaultFlow?.id) {
      context.problems.invalid(
        flow,
        `leaves <${gateway.id}> among several flows, so it needs a condition or must be its default flow`,
        'conditionExpression',
      );
    }
  }
}

function checkEventBasedGateway(
  problems: ProblemList,
  reading: ProcessReading,
  gateway: FlowNode,
  element: ModdleElement,
): void {
  if (gateway.outgoing.length < 2) {
    problems.invalid(
      element,
      'an event-based gateway must have at least 2 outgoing sequence flows',
      'outgoing',
    );
  }

  const messageNames: string[] = [];
  for (const flowId of gateway.outgoing) {
    const target = reading.process.nodes.get(reading.process.flows.get(flowId)?.targetId ?? '');
    if (!target) {
      continue;
    }

    const kind = target.eventDefinition?.kind;
    if (target.type !== 'INTERMEDIATE_CATCH_EVENT' || (kind !== 'timer' && kind !== 'message')) {
      problems.invalid(
        element,
        `leads to <${target.id}>, but an event-based gateway may only lead to timer or message intermediate catch events`,
        'outgoing',
      );
    } else if (target.incoming.length > 1) {
      problems.invalid(
        reading.elements.get(target.id) as ModdleElement,
        `follows the event-based gateway <${gateway.id}> and must have no other incoming sequence flow`,
        'incoming',
      );
    }

    if (target.eventDefinition?.kind === 'message') {
      messageNames.push(expressionText(target.eventDefinition.messageName));
    }
  }

  reportDuplicateMessages(problems, element, messageNames);
}

/** Boundary events of one activity must not wait for the same message or error. */
function checkBoundaryEvents(
  problems: ProblemList,
  reading: ProcessReading,
  activity: FlowNode,
  element: ModdleElement,
): void {
  const definitions = activity.boundaryEventIds.map(
    (id) => reading.process.nodes.get(id)?.eventDefinition,
  );
  const messageNames = definitions.flatMap((d) =>
    d?.kind === 'message' ? [expressionText(d.messageName)] : [],
  );
  const errorCodes = definitions.flatMap((d) =>
    d?.kind === 'error' ? [d.errorCode ? expressionText(d.errorCode) : ''] : [],
  );

  reportDuplicateMessages(problems, element, messageNames);

  if (errorCodes.filter((code) => code === '').length > 1) {
    problems.invalid(
      element,
      'only one boundary error event may catch all errors',
      'boundary events',
    );
  }

  for (const code of duplicates(errorCodes.filter((c) => c !== ''))) {
    problems.invalid(
      element,
      `two boundary error events catch the error code '${code}'`,
      'boundary events',
    );
  }

  const received = activity.type === 'RECEIVE_TASK' ? activity.eventDefinition : undefined;
  if (received?.kind === 'message' && messageNames.includes(expressionText(received.messageName))) {
    problems.invalid(
      element,
      'a boundary event waits for the same message as the receive task',
      'boundary events',
    );
  }
}

function reportDuplicateMessages(problems: ProblemList, element: ModdleElement, names: string[]) {
  for (const name of duplicates(names)) {
    problems.invalid(element, `two events wait for the message '${name}'`, 'messages');
  }
}

function duplicates(values: string[]): string[] {
  return [...new Set(values.filter((value, index) => values.indexOf(value) !== index))];
}

/** Elements that complete at once, through which a token can circle without waiting. */
const STRAIGHT_THROUGH = new Set<FlowNode['type']>([
  'TASK',
  'EXCLUSIVE_GATEWAY',
  'INCLUSIVE_GATEWAY',
  'PARALLEL_GATEWAY',
  'START_EVENT',
  'END_EVENT',
  'SUB_PROCESS',
]);

/**
 * Zeebe refuses a loop of undefined tasks and gateways: nothing in it waits, so a token in
 * it would circle forever. Only loops with at least one undefined task count, as in Zeebe.
 */
function checkStraightThroughLoops(problems: ProblemList, reading: ProcessReading): void {
  const { nodes } = reading.process;
  const next = (node: FlowNode): FlowNode[] => {
    if (node.type === 'SUB_PROCESS') {
      return node.startEventId ? [nodes.get(node.startEventId) as FlowNode] : [];
    }

    const flows =
      node.outgoing.length > 0 ? node.outgoing : (nodes.get(node.scopeId)?.outgoing ?? []);
    return flows.flatMap((id) => nodes.get(reading.process.flows.get(id)?.targetId ?? '') ?? []);
  };

  for (const task of [...nodes.values()].filter((node) => node.type === 'TASK')) {
    const loop = findLoop(task, next);
    if (loop) {
      problems.invalid(
        reading.elements.get(task.id) as ModdleElement,
        `is part of a loop that never waits: ${[...loop, task].map((n) => `<${n.id}>`).join(' → ')}`,
      );
      return;
    }
  }
}

/** A path from `start` back to itself through straight-through elements, if there is one. */
function findLoop(start: FlowNode, next: (node: FlowNode) => FlowNode[]): FlowNode[] | undefined {
  const visited = new Set<FlowNode>();

  const search = (node: FlowNode, path: FlowNode[]): FlowNode[] | undefined => {
    if (node === start && path.length > 0) return path;
    if (visited.has(node) || !STRAIGHT_THROUGH.has(node.type) || node.multiInstance)
      return undefined;

    visited.add(node);
    for (const successor of next(node)) {
      const loop = search(successor, [...path, node]);
      if (loop) return loop;
    }

    return undefined;
  };

  return search(start, []);
}
