/**
 * Small BPMN builders for runtime tests: each test writes its model as a list of elements
 * and flows; incoming/outgoing references are filled in from the flows.
 */

export interface ModelElement {
  id: string;
  render(incoming: string[], outgoing: string[]): string;
  /** Boundary events and sub-process children are rendered by the builders themselves. */
  nested?: ModelElement[];
}

export interface Flow {
  id: string;
  from: string;
  to: string;
  condition?: string;
}

interface Declarations {
  messages?: { name: string; correlationKey: string }[];
  errors?: string[];
}

/** A complete BPMN document with one process. */
export function processModel(
  id: string,
  elements: ModelElement[],
  flows: Flow[],
  declarations: Declarations = {},
): string {
  return definitions([processXml(id, elements, flows)], declarations);
}

/** A document with several processes. */
export function definitions(processes: string[], declarations: Declarations = {}): string {
  const messages = (declarations.messages ?? []).map(
    (message) =>
      `<bpmn:message id="Message_${message.name}" name="${message.name}">` +
      `<bpmn:extensionElements><zeebe:subscription correlationKey="${escape(message.correlationKey)}"/>` +
      `</bpmn:extensionElements></bpmn:message>`,
  );
  const errors = (declarations.errors ?? []).map(
    (code) => `<bpmn:error id="Error_${code}" name="${code}" errorCode="${code}"/>`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
  xmlns:zeebe="http://camunda.org/schema/zeebe/1.0"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
  id="Definitions_1" targetNamespace="http://bpmn.io/schema/bpmn">
${processes.join('\n')}
${messages.join('\n')}
${errors.join('\n')}
</bpmn:definitions>`;
}

export function processXml(id: string, elements: ModelElement[], flows: Flow[]): string {
  return `<bpmn:process id="${id}" isExecutable="true">\n${body(elements, flows)}\n</bpmn:process>`;
}

function body(elements: ModelElement[], flows: Flow[]): string {
  const all = elements.flatMap((element) => [element, ...(element.nested ?? [])]);
  const nodes = all.map((element) =>
    element.render(
      flows.filter((flow) => flow.to === element.id).map((flow) => flow.id),
      flows.filter((flow) => flow.from === element.id).map((flow) => flow.id),
    ),
  );
  const sequenceFlows = flows.map(
    (flow) =>
      `<bpmn:sequenceFlow id="${flow.id}" sourceRef="${flow.from}" targetRef="${flow.to}">` +
      (flow.condition
        ? `<bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">${escape(flow.condition)}</bpmn:conditionExpression>`
        : '') +
      `</bpmn:sequenceFlow>`,
  );
  return [...nodes, ...sequenceFlows].join('\n');
}

/** Flows along a path: `path('a', 'b', 'c')` → a→b, b→c. */
export function path(...ids: string[]): Flow[] {
  return ids.slice(1).map((to, index) => flow(ids[index]!, to));
}

export function flow(from: string, to: string, condition?: string): Flow {
  return { id: `Flow_${from}_${to}`, from, to, condition };
}

export interface TaskOptions {
  retries?: string;
  headers?: Record<string, string>;
  inputs?: [source: string, target: string][];
  outputs?: [source: string, target: string][];
  multiInstance?: MultiInstanceOptions;
  boundaries?: ModelElement[];
}

export interface MultiInstanceOptions {
  sequential?: boolean;
  inputCollection: string;
  inputElement?: string;
  outputCollection?: string;
  outputElement?: string;
  completionCondition?: string;
}

export function startEvent(id = 'start'): ModelElement {
  return node(id, 'startEvent');
}

/** An undefined task (`bpmn:task`): Zeebe passes straight through it. */
export function task(id: string): ModelElement {
  return node(id, 'task');
}

export function endEvent(id = 'end'): ModelElement {
  return node(id, 'endEvent');
}

export function terminateEndEvent(id: string): ModelElement {
  return node(id, 'endEvent', '', '<bpmn:terminateEventDefinition/>');
}

export function errorEndEvent(id: string, errorCode: string): ModelElement {
  return node(id, 'endEvent', '', `<bpmn:errorEventDefinition errorRef="Error_${errorCode}"/>`);
}

export function serviceTask(id: string, type: string, options: TaskOptions = {}): ModelElement {
  const headers = Object.entries(options.headers ?? {})
    .map(([key, value]) => `<zeebe:header key="${key}" value="${escape(value)}"/>`)
    .join('');
  const extensions =
    `<zeebe:taskDefinition type="${escape(type)}"` +
    (options.retries ? ` retries="${escape(options.retries)}"` : '') +
    `/>` +
    (headers ? `<zeebe:taskHeaders>${headers}</zeebe:taskHeaders>` : '') +
    ioMapping(options);
  return {
    ...node(id, 'serviceTask', extensions, multiInstance(options.multiInstance)),
    nested: options.boundaries,
  };
}

export function receiveTask(id: string, message: string, options: TaskOptions = {}): ModelElement {
  return {
    id,
    render: (incoming, outgoing) =>
      `<bpmn:receiveTask id="${id}" messageRef="Message_${message}">` +
      extensionElements(ioMapping(options)) +
      refs(incoming, outgoing) +
      multiInstance(options.multiInstance) +
      `</bpmn:receiveTask>`,
    nested: options.boundaries,
  };
}

export function subProcess(
  id: string,
  elements: ModelElement[],
  flows: Flow[],
  options: TaskOptions = {},
): ModelElement {
  return {
    id,
    render: (incoming, outgoing) =>
      `<bpmn:subProcess id="${id}">` +
      extensionElements(ioMapping(options)) +
      refs(incoming, outgoing) +
      multiInstance(options.multiInstance) +
      body(elements, flows) +
      `</bpmn:subProcess>`,
    nested: options.boundaries,
  };
}

export type TimerSpec = { duration: string } | { date: string } | { cycle: string };

export function timerCatchEvent(id: string, timer: TimerSpec): ModelElement {
  return node(id, 'intermediateCatchEvent', '', timerDefinition(timer));
}

export function messageCatchEvent(
  id: string,
  message: string,
  options: TaskOptions = {},
): ModelElement {
  return node(
    id,
    'intermediateCatchEvent',
    ioMapping(options),
    `<bpmn:messageEventDefinition messageRef="Message_${message}"/>`,
  );
}

export interface BoundaryOptions {
  attachedTo: string;
  interrupting?: boolean;
  outputs?: [source: string, target: string][];
}

export function timerBoundary(
  id: string,
  timer: TimerSpec,
  options: BoundaryOptions,
): ModelElement {
  return boundary(id, options, timerDefinition(timer));
}

export function messageBoundary(
  id: string,
  message: string,
  options: BoundaryOptions,
): ModelElement {
  return boundary(id, options, `<bpmn:messageEventDefinition messageRef="Message_${message}"/>`);
}

export function errorBoundary(
  id: string,
  errorCode: string | undefined,
  options: BoundaryOptions,
): ModelElement {
  const ref = errorCode ? ` errorRef="Error_${errorCode}"` : '';
  return boundary(id, options, `<bpmn:errorEventDefinition${ref}/>`);
}

export function exclusiveGateway(id: string, defaultFlow?: string): ModelElement {
  return gateway(id, 'exclusiveGateway', defaultFlow);
}

export function parallelGateway(id: string): ModelElement {
  return gateway(id, 'parallelGateway');
}

export function inclusiveGateway(id: string, defaultFlow?: string): ModelElement {
  return gateway(id, 'inclusiveGateway', defaultFlow);
}

export function eventBasedGateway(id: string): ModelElement {
  return gateway(id, 'eventBasedGateway');
}

function gateway(id: string, kind: string, defaultFlow?: string): ModelElement {
  return {
    id,
    render: (incoming, outgoing) =>
      `<bpmn:${kind} id="${id}"${defaultFlow ? ` default="${defaultFlow}"` : ''}>` +
      refs(incoming, outgoing) +
      `</bpmn:${kind}>`,
  };
}

function boundary(id: string, options: BoundaryOptions, definition: string): ModelElement {
  const cancel = options.interrupting === false ? ' cancelActivity="false"' : '';
  return {
    id,
    render: (_incoming, outgoing) =>
      `<bpmn:boundaryEvent id="${id}" attachedToRef="${options.attachedTo}"${cancel}>` +
      extensionElements(ioMapping({ outputs: options.outputs })) +
      refs([], outgoing) +
      definition +
      `</bpmn:boundaryEvent>`,
  };
}

function node(id: string, kind: string, extensions = '', inner = ''): ModelElement {
  return {
    id,
    render: (incoming, outgoing) =>
      `<bpmn:${kind} id="${id}">` +
      extensionElements(extensions) +
      refs(incoming, outgoing) +
      inner +
      `</bpmn:${kind}>`,
  };
}

function timerDefinition(timer: TimerSpec): string {
  const [kind, value] =
    'duration' in timer
      ? ['timeDuration', timer.duration]
      : 'date' in timer
        ? ['timeDate', timer.date]
        : ['timeCycle', timer.cycle];
  return (
    `<bpmn:timerEventDefinition><bpmn:${kind} xsi:type="bpmn:tFormalExpression">` +
    `${escape(value)}</bpmn:${kind}></bpmn:timerEventDefinition>`
  );
}

function multiInstance(options: MultiInstanceOptions | undefined): string {
  if (!options) return '';
  const attributes = [
    `inputCollection="${escape(options.inputCollection)}"`,
    options.inputElement ? `inputElement="${options.inputElement}"` : '',
    options.outputCollection ? `outputCollection="${options.outputCollection}"` : '',
    options.outputElement ? `outputElement="${escape(options.outputElement)}"` : '',
  ].join(' ');
  const condition = options.completionCondition
    ? `<bpmn:completionCondition xsi:type="bpmn:tFormalExpression">${escape(options.completionCondition)}</bpmn:completionCondition>`
    : '';
  return (
    `<bpmn:multiInstanceLoopCharacteristics${options.sequential ? ' isSequential="true"' : ''}>` +
    `<bpmn:extensionElements><zeebe:loopCharacteristics ${attributes}/></bpmn:extensionElements>` +
    condition +
    `</bpmn:multiInstanceLoopCharacteristics>`
  );
}

function ioMapping(options: Pick<TaskOptions, 'inputs' | 'outputs'>): string {
  const inputs = (options.inputs ?? []).map(
    ([source, target]) => `<zeebe:input source="${escape(source)}" target="${target}"/>`,
  );
  const outputs = (options.outputs ?? []).map(
    ([source, target]) => `<zeebe:output source="${escape(source)}" target="${target}"/>`,
  );
  if (inputs.length + outputs.length === 0) return '';
  return `<zeebe:ioMapping>${[...inputs, ...outputs].join('')}</zeebe:ioMapping>`;
}

function extensionElements(content: string): string {
  return content ? `<bpmn:extensionElements>${content}</bpmn:extensionElements>` : '';
}

function refs(incoming: string[], outgoing: string[]): string {
  return (
    incoming.map((id) => `<bpmn:incoming>${id}</bpmn:incoming>`).join('') +
    outgoing.map((id) => `<bpmn:outgoing>${id}</bpmn:outgoing>`).join('')
  );
}

function escape(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;');
}
