/**
 * A deployed process as the runtime executes it: the parser turns BPMN XML (bpmn-moddle +
 * zeebe-bpmn-moddle) into this graph once per deployment; the runtime only reads it.
 *
 * Expressions are kept as `Expression`: a static value, or FEEL (`=` prefix, Zeebe's rule)
 * already checked for syntax at deployment.
 */

/** Zeebe's BPMN element types, as they appear in records (`bpmnElementType`). */
export type BpmnElementType =
  | 'PROCESS'
  | 'START_EVENT'
  | 'END_EVENT'
  | 'INTERMEDIATE_CATCH_EVENT'
  | 'BOUNDARY_EVENT'
  | 'SERVICE_TASK'
  | 'SEND_TASK'
  | 'SCRIPT_TASK'
  | 'BUSINESS_RULE_TASK'
  | 'RECEIVE_TASK'
  /** An undefined task (`bpmn:task`): a pass-through activity, as in Zeebe. */
  | 'TASK'
  | 'EXCLUSIVE_GATEWAY'
  | 'PARALLEL_GATEWAY'
  | 'INCLUSIVE_GATEWAY'
  | 'EVENT_BASED_GATEWAY'
  | 'SUB_PROCESS'
  | 'MULTI_INSTANCE_BODY'
  | 'SEQUENCE_FLOW';

/** A value given in the model: static text, or a FEEL expression (source without `=`). */
export type Expression = { kind: 'static'; value: string } | { kind: 'feel'; source: string };

/** Timer definitions as Zeebe knows them; the value is evaluated when the timer is created. */
export type TimerDefinition =
  | { kind: 'duration'; value: Expression }
  | { kind: 'date'; value: Expression }
  | { kind: 'cycle'; value: Expression };

export type EventDefinition =
  | { kind: 'none' }
  | { kind: 'terminate' }
  | { kind: 'timer'; timer: TimerDefinition }
  | { kind: 'message'; messageName: Expression; correlationKey?: Expression }
  /** `errorCode` absent: a catch-all error catch event (or an error end event without code is refused). */
  | { kind: 'error'; errorCode?: Expression };

/** `zeebe:input` / `zeebe:output`: `source` is evaluated in the element's scope, `target` is a (dotted) variable path. */
export interface VariableMapping {
  source: Expression;
  target: string;
}

export interface JobDefinition {
  type: Expression;
  retries: Expression;
  /** `zeebe:taskHeaders`, static strings. */
  headers: Record<string, string>;
}

export interface MultiInstanceDefinition {
  isSequential: boolean;
  /** `zeebe:loopCharacteristics inputCollection`, a FEEL expression giving a list. */
  inputCollection: Expression;
  inputElement?: string;
  outputCollection?: string;
  outputElement?: Expression;
  /** `completionCondition`, FEEL. */
  completionCondition?: Expression;
}

export interface FlowNode {
  id: string;
  name?: string;
  type: Exclude<BpmnElementType, 'PROCESS' | 'SEQUENCE_FLOW' | 'MULTI_INSTANCE_BODY'>;
  /** Id of the enclosing process or sub-process. */
  scopeId: string;
  /** Ids of the incoming sequence flows, in document order. */
  incoming: string[];
  /** Ids of the outgoing sequence flows, in document order (the order gateways test them in). */
  outgoing: string[];
  /** Events; receive tasks carry their message here too. */
  eventDefinition?: EventDefinition;
  /** Service, send, script and business-rule tasks defined as jobs. */
  job?: JobDefinition;
  inputMappings: VariableMapping[];
  outputMappings: VariableMapping[];
  /** Exclusive and inclusive gateways. */
  defaultFlowId?: string;
  /** Boundary events attached to this activity, in document order. */
  boundaryEventIds: string[];
  /** Boundary events only. */
  attachedToId?: string;
  /** Boundary events only: interrupting (`cancelActivity`, default true). */
  interrupting?: boolean;
  multiInstance?: MultiInstanceDefinition;
  /** Sub-processes only: ids of the direct children and the none start event. */
  childIds?: string[];
  startEventId?: string;
}

export interface SequenceFlow {
  id: string;
  name?: string;
  sourceId: string;
  targetId: string;
  condition?: Expression;
}

export interface ExecutableProcess {
  bpmnProcessId: string;
  name?: string;
  /** The process's none start event. */
  startEventId: string;
  /** Ids of the direct children of the process (not of its sub-processes). */
  childIds: string[];
  /** Every flow node of the process, those inside sub-processes included, by id. */
  nodes: Map<string, FlowNode>;
  /** Every sequence flow of the process, those inside sub-processes included, by id. */
  flows: Map<string, SequenceFlow>;
}
