import type { Bounds, Point } from './diagram-geometry.ts';

/**
 * The provincial process as plain data, with its diagram: what the builder assembles and
 * the XML writer serialises. Only the elements the embedded engine executes appear here.
 */

export type FlowNodeKind =
  | 'startEvent'
  | 'endEvent'
  | 'serviceTask'
  | 'receiveTask'
  | 'exclusiveGateway'
  | 'parallelGateway'
  | 'subProcess'
  | 'boundaryEvent';

/** `zeebe:input` / `zeebe:output`: `source` is a FEEL expression with its `=`. */
export interface VariableMapping {
  source: string;
  target: string;
}

export interface JobSpec {
  type: string;
  retries: number;
  headers: Record<string, string>;
  /** The element template the modeler links this task to. */
  template?: { id: string; version: number };
}

export type BoundaryEventSpec =
  | { kind: 'error'; errorRef: string; attachedTo: string }
  | { kind: 'timer'; timeDate: string; attachedTo: string; cancelActivity: false };

export interface FlowNodeSpec {
  id: string;
  kind: FlowNodeKind;
  name: string;
  /** The enclosing sub-process; absent for the process's own children. */
  parentId?: string;
  bounds: Bounds;
  /** External label (events, gateways); tasks and sub-processes draw their name inside. */
  label?: Bounds;
  documentation?: string;
  job?: JobSpec;
  inputs?: VariableMapping[];
  outputs?: VariableMapping[];
  /** Receive tasks: the `bpmn:message` they wait for. */
  messageRef?: string;
  boundary?: BoundaryEventSpec;
  /** Exclusive gateways: the flow taken when no condition holds. */
  defaultFlowId?: string;
}

export interface SequenceFlowSpec {
  id: string;
  name?: string;
  sourceId: string;
  targetId: string;
  /** FEEL condition with its `=`. */
  condition?: string;
  waypoints: Point[];
  label?: Bounds;
}

/** A `bpmn:message`: one per item, as Zeebe keeps the correlation key on the message. */
export interface MessageSpec {
  id: string;
  name: string;
  correlationKey: string;
}

export interface ErrorSpec {
  id: string;
  name: string;
  errorCode: string;
}

export interface ProcessGraph {
  processId: string;
  processName: string;
  documentation: string;
  nodes: FlowNodeSpec[];
  flows: SequenceFlowSpec[];
  messages: MessageSpec[];
  errors: ErrorSpec[];
}

/** Collects nodes and flows; refuses a duplicate id at once rather than in the XML. */
export class ProcessGraphBuilder {
  readonly nodes: FlowNodeSpec[] = [];
  readonly flows: SequenceFlowSpec[] = [];
  readonly messages: MessageSpec[] = [];
  readonly errors: ErrorSpec[] = [];
  readonly #ids = new Set<string>();

  addNode(node: FlowNodeSpec): FlowNodeSpec {
    this.#claim(node.id);
    this.nodes.push(node);
    return node;
  }

  addFlow(flow: SequenceFlowSpec): SequenceFlowSpec {
    this.#claim(flow.id);
    this.flows.push(flow);
    return flow;
  }

  addMessage(message: MessageSpec): MessageSpec {
    this.#claim(message.id);
    this.messages.push(message);
    return message;
  }

  addError(error: ErrorSpec): ErrorSpec {
    this.#claim(error.id);
    this.errors.push(error);
    return error;
  }

  node(id: string): FlowNodeSpec {
    const node = this.nodes.find((candidate) => candidate.id === id);
    if (!node) throw new Error(`no flow node <${id}>`);
    return node;
  }

  #claim(id: string): void {
    if (this.#ids.has(id)) throw new Error(`duplicate id <${id}>`);
    this.#ids.add(id);
  }
}
