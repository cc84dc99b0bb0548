/**
 * One flow node of a BPMN process read into the executable graph, or refused: each BPMN type
 * the engine runs maps to a Zeebe element type; every other type, and every supported type
 * used with a feature the engine lacks, is reported as unsupported.
 */

import type { EventDefinition, FlowNode } from './executable-process.ts';
import type { ProblemList } from './bpmn-problems.ts';
import {
  allExtensions,
  extensions,
  list,
  single,
  text,
  type ModdleElement,
} from './moddle-element.ts';
import {
  readCaughtError,
  readMessage,
  readThrownError,
  readTimer,
} from './read-event-definition.ts';
import {
  readJob,
  readMappings,
  readMessageSubscription,
  readMultiInstance,
} from './read-zeebe-extensions.ts';

export type FlowNodeType = FlowNode['type'];

/** BPMN types the engine runs, and the Zeebe element type each becomes. */
const NODE_TYPES: Record<string, FlowNodeType> = {
  'bpmn:StartEvent': 'START_EVENT',
  'bpmn:EndEvent': 'END_EVENT',
  'bpmn:IntermediateCatchEvent': 'INTERMEDIATE_CATCH_EVENT',
  'bpmn:BoundaryEvent': 'BOUNDARY_EVENT',
  'bpmn:ServiceTask': 'SERVICE_TASK',
  'bpmn:SendTask': 'SEND_TASK',
  'bpmn:ScriptTask': 'SCRIPT_TASK',
  'bpmn:BusinessRuleTask': 'BUSINESS_RULE_TASK',
  'bpmn:ReceiveTask': 'RECEIVE_TASK',
  'bpmn:Task': 'TASK',
  'bpmn:ExclusiveGateway': 'EXCLUSIVE_GATEWAY',
  'bpmn:ParallelGateway': 'PARALLEL_GATEWAY',
  'bpmn:InclusiveGateway': 'INCLUSIVE_GATEWAY',
  'bpmn:EventBasedGateway': 'EVENT_BASED_GATEWAY',
  'bpmn:SubProcess': 'SUB_PROCESS',
};

/** Flow elements that only document the model; Zeebe deploys and ignores them too. */
export const DOCUMENTATION_ONLY = new Set([
  'bpmn:DataObject',
  'bpmn:DataObjectReference',
  'bpmn:DataStoreReference',
]);

/** Zeebe extensions that change behaviour the engine does not have. */
const UNSUPPORTED_EXTENSIONS: Record<string, string> = {
  'zeebe:ExecutionListeners': 'execution listeners are not supported',
  'zeebe:TaskListeners': 'task listeners are not supported',
  'zeebe:JobPriorityDefinition': 'job priorities are not supported',
  'zeebe:LinkedResources': 'linked resources are not supported',
  'zeebe:AgentDefinition': 'AI agents are not supported',
  'zeebe:AdHoc': 'ad-hoc sub-processes are not supported',
};

const ACTIVITY_TYPES = new Set<FlowNodeType>([
  'SERVICE_TASK',
  'SEND_TASK',
  'SCRIPT_TASK',
  'BUSINESS_RULE_TASK',
  'RECEIVE_TASK',
  'TASK',
  'SUB_PROCESS',
]);

export interface NodeContext {
  problems: ProblemList;
  /** Deployment time, for checking static timer values. */
  now: number;
}

/** True for the node types that are activities (may carry boundary events and markers). */
export function isActivity(type: FlowNodeType): boolean {
  return ACTIVITY_TYPES.has(type);
}

/** The Zeebe type of a BPMN flow element, or `undefined` when the engine does not run it. */
export function nodeTypeOf(element: ModdleElement): FlowNodeType | undefined {
  return NODE_TYPES[element.$type];
}

/**
 * Reads a flow node the engine runs (see `nodeTypeOf`); problems go to the context.
 * Sequence flows and boundary attachments are wired by the caller.
 */
export function readFlowNode(
  context: NodeContext,
  element: ModdleElement,
  type: FlowNodeType,
  scopeId: string,
): FlowNode | undefined {
  const { problems } = context;
  checkExtensions(problems, element);

  const node: FlowNode = {
    id: element.id ?? '',
    ...(nonEmpty(text(element, 'name')) ? { name: text(element, 'name') } : {}),
    type,
    scopeId,
    incoming: [],
    outgoing: [],
    ...readMappings(problems, element),
    boundaryEventIds: [],
  };

  const complete = readKind(context, element, node) && readActivity(problems, element, node);
  return complete ? node : undefined;
}

// helpers ----------

function readKind(context: NodeContext, element: ModdleElement, node: FlowNode): boolean {
  switch (node.type) {
    case 'START_EVENT':
      return readStartEvent(context.problems, element);
    case 'END_EVENT':
      return assign(node, readEndEvent(context.problems, element));
    case 'INTERMEDIATE_CATCH_EVENT':
      return assign(node, readIntermediateCatchEvent(context, element));
    case 'BOUNDARY_EVENT':
      return readBoundaryEvent(context, element, node);
    case 'SERVICE_TASK':
    case 'SEND_TASK':
      return readJobTask(context.problems, element, node);
    case 'SCRIPT_TASK':
      return readJobOr(context.problems, element, node, 'zeebe:Script', 'zeebe:script');
    case 'BUSINESS_RULE_TASK':
      return readJobOr(
        context.problems,
        element,
        node,
        'zeebe:CalledDecision',
        'zeebe:calledDecision',
      );
    case 'RECEIVE_TASK':
      return assign(
        node,
        readMessageSubscription(
          context.problems,
          element,
          single(element, 'messageRef'),
          'bpmn:receiveTask messageRef',
        ),
      );
    case 'SUB_PROCESS':
      return readSubProcess(context.problems, element);
    case 'EVENT_BASED_GATEWAY':
      return readEventBasedGateway(context.problems, element);
    default:
      return true;
  }
}

function readStartEvent(problems: ProblemList, element: ModdleElement): boolean {
  const definition = onlyDefinition(problems, element, 'at most');
  if (definition === null) {
    return false;
  }

  if (definition) {
    problems.unsupported(
      element,
      'only none start events are supported; start the instance through the API',
      definition.$type,
    );
    return false;
  }

  return true;
}

function readEndEvent(problems: ProblemList, element: ModdleElement): EventDefinition | undefined {
  const definition = onlyDefinition(problems, element, 'at most');
  if (definition === null) return undefined;
  if (definition === undefined) return { kind: 'none' };

  switch (definition.$type) {
    case 'bpmn:TerminateEventDefinition':
      return { kind: 'terminate' };
    case 'bpmn:ErrorEventDefinition':
      return readThrownError(problems, element, definition);
    default:
      problems.unsupported(
        element,
        'only none, terminate and error end events are supported',
        definition.$type,
      );
      return undefined;
  }
}

function readIntermediateCatchEvent(
  context: NodeContext,
  element: ModdleElement,
): EventDefinition | undefined {
  const { problems } = context;
  const definition = onlyDefinition(problems, element, 'exactly');
  if (!definition) return undefined;

  switch (definition.$type) {
    case 'bpmn:TimerEventDefinition':
      return readTimer(
        problems,
        element,
        definition,
        ['duration', 'date'],
        'an intermediate timer catch event must have a time duration or a time date',
        context.now,
      );
    case 'bpmn:MessageEventDefinition':
      return readMessage(problems, element, definition);
    default:
      problems.unsupported(
        element,
        'only timer and message catch events are supported',
        definition.$type,
      );
      return undefined;
  }
}

function readBoundaryEvent(context: NodeContext, element: ModdleElement, node: FlowNode): boolean {
  const { problems } = context;
  const interrupting = element.cancelActivity !== false;
  node.interrupting = interrupting;

  const definition = onlyDefinition(problems, element, 'exactly');
  if (!definition) return false;

  switch (definition.$type) {
    case 'bpmn:TimerEventDefinition':
      return assign(
        node,
        readTimer(
          problems,
          element,
          definition,
          interrupting ? ['duration', 'date'] : ['duration', 'date', 'cycle'],
          'an interrupting timer boundary event must not have a time cycle',
          context.now,
        ),
      );
    case 'bpmn:MessageEventDefinition':
      return assign(node, readMessage(problems, element, definition));
    case 'bpmn:ErrorEventDefinition':
      if (!interrupting) {
        problems.invalid(element, 'an error boundary event must be interrupting', 'cancelActivity');
        return false;
      }

      return assign(node, readCaughtError(problems, element, definition));
    default:
      problems.unsupported(
        element,
        'only timer, message and error boundary events are supported',
        definition.$type,
      );
      return false;
  }
}

function readJobTask(problems: ProblemList, element: ModdleElement, node: FlowNode): boolean {
  const definitions = extensions(element, 'zeebe:TaskDefinition');
  if (definitions.length !== 1) {
    problems.invalid(
      element,
      'must have exactly one zeebe:taskDefinition with a job type',
      'zeebe:taskDefinition',
    );
    return false;
  }

  const job = readJob(problems, element, definitions[0] as ModdleElement);
  return job ? ((node.job = job), true) : false;
}

/** Script and business-rule tasks: a job, or an engine-side implementation we lack. */
function readJobOr(
  problems: ProblemList,
  element: ModdleElement,
  node: FlowNode,
  alternativeType: string,
  alternativeName: string,
): boolean {
  const jobs = extensions(element, 'zeebe:TaskDefinition').length;
  const alternatives = extensions(element, alternativeType).length;

  if (jobs === 0 && alternatives === 1) {
    problems.unsupported(
      element,
      `only job workers are supported; define a zeebe:taskDefinition instead of ${alternativeName}`,
      alternativeName,
    );
    return false;
  }

  if (!(jobs === 1 && alternatives === 0)) {
    problems.invalid(
      element,
      `must have either one ${alternativeName} or one zeebe:taskDefinition`,
      'extensionElements',
    );
    return false;
  }

  return readJobTask(problems, element, node);
}

function readSubProcess(problems: ProblemList, element: ModdleElement): boolean {
  if (element.triggeredByEvent === true) {
    problems.unsupported(element, 'event sub-processes are not supported', 'triggeredByEvent');
    return false;
  }

  return true;
}

function readEventBasedGateway(problems: ProblemList, element: ModdleElement): boolean {
  if (element.instantiate === true || text(element, 'eventGatewayType') === 'Parallel') {
    problems.unsupported(
      element,
      'only exclusive, non-instantiating event-based gateways are supported',
      'eventGatewayType',
    );
    return false;
  }

  return true;
}

/** Markers of activities: multi-instance is supported, standard loops and compensation not. */
function readActivity(problems: ProblemList, element: ModdleElement, node: FlowNode): boolean {
  if (!isActivity(node.type)) {
    return true;
  }

  if (element.isForCompensation === true) {
    problems.unsupported(element, 'compensation is not supported', 'isForCompensation');
    return false;
  }

  const loop = single(element, 'loopCharacteristics');
  if (!loop) {
    return true;
  }

  if (loop.$type !== 'bpmn:MultiInstanceLoopCharacteristics') {
    problems.unsupported(element, 'only multi-instance markers are supported', loop.$type);
    return false;
  }

  const multiInstance = readMultiInstance(problems, element, loop);
  return multiInstance ? ((node.multiInstance = multiInstance), true) : false;
}

/**
 * The single event definition of an event: `undefined` when it has none (allowed with
 * `at most`), `null` after reporting a problem.
 */
function onlyDefinition(
  problems: ProblemList,
  element: ModdleElement,
  quantity: 'exactly' | 'at most',
): ModdleElement | undefined | null {
  if (list(element, 'eventDefinitionRefs').length > 0) {
    problems.unsupported(
      element,
      'event definitions referenced from the definitions are not supported',
      'eventDefinitionRef',
    );
    return null;
  }

  const definitions = list(element, 'eventDefinitions');
  const tooFew = quantity === 'exactly' && definitions.length === 0;
  if (tooFew || definitions.length > 1) {
    problems.invalid(element, `must have ${quantity} one event definition`, 'eventDefinitions');
    return null;
  }

  return definitions[0];
}

/** Reports the Zeebe extensions of `element` whose behaviour the engine lacks. */
export function checkExtensions(problems: ProblemList, element: ModdleElement): void {
  for (const extension of allExtensions(element)) {
    const reason = UNSUPPORTED_EXTENSIONS[extension.$type];
    if (reason) {
      problems.unsupported(element, reason, extension.$type);
    }
  }
}

function assign(node: FlowNode, definition: EventDefinition | undefined): boolean {
  if (!definition) {
    return false;
  }

  node.eventDefinition = definition;
  return true;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === '' ? undefined : value;
}
