/**
 * Writes small BPMN models with Zeebe extensions for engine tests, from a compact
 * description:
 *
 *   bpmnProcess('order', (p) =>
 *     p.start().serviceTask('charge', { type: 'payment' }).end(),
 *   );
 *
 * Each node method adds an element and, when there is a current element, a sequence flow
 * from it (ids `Flow_<from>_<to>`); the new element becomes current. `after(id)` moves the
 * cursor, `when('=x > 1')` puts a condition on the next flow, `flow(from, to)` adds one
 * explicitly, `raw(xml)` inserts XML as it is (for elements the builder does not know).
 * Messages and errors are declared for you. Ids default to `<processId>_<Kind>_<n>`.
 */

export interface MultiInstanceOptions {
  inputCollection: string;
  inputElement?: string;
  outputCollection?: string;
  outputElement?: string;
  sequential?: boolean;
  completionCondition?: string;
}

export interface ActivityOptions {
  name?: string;
  /** Input mappings, target → source (`{ total: '=order.total' }`). */
  inputs?: Record<string, string>;
  /** Output mappings, target → source. */
  outputs?: Record<string, string>;
  multiInstance?: MultiInstanceOptions;
}

export interface JobTaskOptions extends ActivityOptions {
  type: string;
  retries?: string;
  headers?: Record<string, string>;
}

export interface MessageOptions {
  message: string;
  correlationKey: string;
}

export type TimerOptions = { duration: string } | { date: string } | { cycle: string };

export interface BoundaryOptions {
  timer?: TimerOptions;
  message?: MessageOptions;
  /** An error code; `null` catches every error. */
  error?: string | null;
  interrupting?: boolean;
}

export interface EndOptions {
  terminate?: boolean;
  errorCode?: string;
  outputs?: Record<string, string>;
}

export class ProcessBuilder {
  private readonly parts: string[] = [];
  private cursor: string | undefined;
  private condition: string | undefined;

  constructor(
    private readonly declarations: Declarations,
    private readonly ids: IdSequence,
  ) {}

  start(id = this.ids.next('StartEvent')): this {
    return this.node(id, `<bpmn:startEvent id="${id}" />`);
  }

  end(id = this.ids.next('EndEvent'), options: EndOptions = {}): this {
    const definition = options.terminate
      ? '<bpmn:terminateEventDefinition />'
      : options.errorCode !== undefined
        ? `<bpmn:errorEventDefinition errorRef="${this.declarations.error(options.errorCode)}" />`
        : '';
    const body = extensionElements(ioMapping({}, options.outputs ?? {})) + definition;
    return this.node(id, element('bpmn:endEvent', id, {}, body));
  }

  serviceTask(id: string, options: JobTaskOptions): this {
    return this.jobTask('bpmn:serviceTask', id, options);
  }

  sendTask(id: string, options: JobTaskOptions): this {
    return this.jobTask('bpmn:sendTask', id, options);
  }

  scriptTask(id: string, options: JobTaskOptions): this {
    return this.jobTask('bpmn:scriptTask', id, options);
  }

  businessRuleTask(id: string, options: JobTaskOptions): this {
    return this.jobTask('bpmn:businessRuleTask', id, options);
  }

  /** An undefined task (`bpmn:task`), a pass-through. */
  task(id: string, options: ActivityOptions = {}): this {
    return this.node(id, activity('bpmn:task', id, options, ''));
  }

  receiveTask(id: string, options: MessageOptions & ActivityOptions): this {
    const messageRef = this.declarations.message(options.message, options.correlationKey);
    return this.node(id, activity('bpmn:receiveTask', id, options, '', { messageRef }));
  }

  timerCatch(id: string, timer: TimerOptions, options: { outputs?: Record<string, string> } = {}) {
    const body = extensionElements(ioMapping({}, options.outputs ?? {})) + timerDefinition(timer);
    return this.node(id, element('bpmn:intermediateCatchEvent', id, {}, body));
  }

  messageCatch(id: string, options: MessageOptions & { outputs?: Record<string, string> }) {
    const messageRef = this.declarations.message(options.message, options.correlationKey);
    const body =
      extensionElements(ioMapping({}, options.outputs ?? {})) +
      `<bpmn:messageEventDefinition messageRef="${messageRef}" />`;
    return this.node(id, element('bpmn:intermediateCatchEvent', id, {}, body));
  }

  exclusiveGateway(id: string, options: { default?: string } = {}): this {
    return this.node(id, element('bpmn:exclusiveGateway', id, { default: options.default }, ''));
  }

  inclusiveGateway(id: string, options: { default?: string } = {}): this {
    return this.node(id, element('bpmn:inclusiveGateway', id, { default: options.default }, ''));
  }

  parallelGateway(id: string): this {
    return this.node(id, `<bpmn:parallelGateway id="${id}" />`);
  }

  eventBasedGateway(id: string): this {
    return this.node(id, `<bpmn:eventBasedGateway id="${id}" />`);
  }

  /** An embedded sub-process whose content `build` describes with its own builder. */
  subProcess(id: string, build: (inner: ProcessBuilder) => unknown, options: ActivityOptions = {}) {
    const inner = new ProcessBuilder(this.declarations, this.ids);
    build(inner);
    return this.node(id, activity('bpmn:subProcess', id, options, inner.xml()));
  }

  /** A boundary event on `attachedTo`; it becomes the current element. */
  boundary(id: string, attachedTo: string, options: BoundaryOptions): this {
    const attributes = {
      attachedToRef: attachedTo,
      cancelActivity: options.interrupting === false ? 'false' : undefined,
    };
    const definition = options.timer
      ? timerDefinition(options.timer)
      : options.message
        ? `<bpmn:messageEventDefinition messageRef="${this.declarations.message(
            options.message.message,
            options.message.correlationKey,
          )}" />`
        : options.error === null || options.error === undefined
          ? '<bpmn:errorEventDefinition />'
          : `<bpmn:errorEventDefinition errorRef="${this.declarations.error(options.error)}" />`;
    this.parts.push(element('bpmn:boundaryEvent', id, attributes, definition));
    this.cursor = id;
    return this;
  }

  /** Continue from an element added before. */
  after(id: string): this {
    this.cursor = id;
    return this;
  }

  /** The condition of the next flow the builder adds. */
  when(condition: string): this {
    this.condition = condition;
    return this;
  }

  flow(from: string, to: string, options: { id?: string; condition?: string } = {}): this {
    const id = options.id ?? `Flow_${from}_${to}`;
    const condition =
      options.condition === undefined
        ? ''
        : `<bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">${escape(
            options.condition,
          )}</bpmn:conditionExpression>`;
    this.parts.push(
      element('bpmn:sequenceFlow', id, { sourceRef: from, targetRef: to }, condition),
    );
    return this;
  }

  /** XML inserted as it is, e.g. `<bpmn:callActivity id="Call_1" />`. */
  raw(xml: string): this {
    this.parts.push(xml);
    return this;
  }

  xml(): string {
    return this.parts.join('\n');
  }

  private jobTask(tag: string, id: string, options: JobTaskOptions): this {
    const definition = `<zeebe:taskDefinition ${attributes({
      type: options.type,
      retries: options.retries,
    })} />`;
    const headers = Object.entries(options.headers ?? {})
      .map(([key, value]) => `<zeebe:header ${attributes({ key, value })} />`)
      .join('');
    const extra = definition + (headers ? `<zeebe:taskHeaders>${headers}</zeebe:taskHeaders>` : '');
    return this.node(id, activity(tag, id, options, '', {}, extra));
  }

  private node(id: string, xml: string): this {
    this.parts.push(xml);
    if (this.cursor !== undefined) {
      this.flow(this.cursor, id, this.condition === undefined ? {} : { condition: this.condition });
    }

    this.cursor = id;
    this.condition = undefined;
    return this;
  }
}

/** A process to put in a document with `bpmnDocument`. */
export interface ProcessPart {
  id: string;
  xml: string;
  declarations: Declarations;
}

/** One process, built by `build`, as the XML of a whole BPMN document. */
export function bpmnProcess(id: string, build: (process: ProcessBuilder) => unknown): string {
  return bpmnDocument([defineProcess(id, build)]);
}

/** A process for `bpmnDocument`; `isExecutable` defaults to true. */
export function defineProcess(
  id: string,
  build: (process: ProcessBuilder) => unknown,
  options: { isExecutable?: boolean; name?: string } = {},
): ProcessPart {
  const declarations = new Declarations();
  const builder = new ProcessBuilder(declarations, new IdSequence(id));
  build(builder);
  const attrs = attributes({
    id,
    name: options.name,
    isExecutable: String(options.isExecutable ?? true),
  });
  return { id, xml: `<bpmn:process ${attrs}>\n${builder.xml()}\n</bpmn:process>`, declarations };
}

/** A BPMN document with the given processes; `collaboration` adds a pool per process. */
export function bpmnDocument(processes: ProcessPart[], options: { collaboration?: boolean } = {}) {
  const declarations = processes.map((process) => process.declarations.xml()).join('\n');
  const participants = processes
    .map(
      (process) => `<bpmn:participant id="Participant_${process.id}" processRef="${process.id}" />`,
    )
    .join('');
  const collaboration = options.collaboration
    ? `<bpmn:collaboration id="Collaboration_1">${participants}</bpmn:collaboration>`
    : '';

  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
  xmlns:zeebe="http://camunda.org/schema/zeebe/1.0"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
  id="Definitions_1" targetNamespace="http://bpmn.io/schema/bpmn">
${collaboration}
${processes.map((process) => process.xml).join('\n')}
${declarations}
</bpmn:definitions>
`;
}

/** Messages and errors a process refers to, declared once each at the definitions level. */
export class Declarations {
  private readonly messages = new Map<string, string>();
  private readonly errors = new Map<string, string>();
  private static count = 0;

  message(name: string, correlationKey: string): string {
    const key = `${name}\u0000${correlationKey}`;
    const existing = this.messages.get(key);
    if (existing) return existing;

    const id = `Message_${++Declarations.count}`;
    this.messages.set(key, id);
    return id;
  }

  error(code: string): string {
    const existing = this.errors.get(code);
    if (existing) return existing;

    const id = `Error_${++Declarations.count}`;
    this.errors.set(code, id);
    return id;
  }

  xml(): string {
    const messages = [...this.messages].map(([key, id]) => {
      const [name = '', correlationKey = ''] = key.split('\u0000');
      return (
        `<bpmn:message ${attributes({ id, name })}><bpmn:extensionElements>` +
        `<zeebe:subscription ${attributes({ correlationKey })} />` +
        '</bpmn:extensionElements></bpmn:message>'
      );
    });
    const errors = [...this.errors].map(
      ([errorCode, id]) => `<bpmn:error ${attributes({ id, name: errorCode, errorCode })} />`,
    );
    return [...messages, ...errors].join('\n');
  }
}

class IdSequence {
  private count = 0;

  constructor(private readonly processId: string) {}

  next(kind: string): string {
    return `${this.processId}_${kind}_${++this.count}`;
  }
}

// helpers ----------

function activity(
  tag: string,
  id: string,
  options: ActivityOptions,
  content: string,
  extraAttributes: Record<string, string | undefined> = {},
  extraExtensions = '',
): string {
  const extensions = extensionElements(
    extraExtensions + ioMapping(options.inputs ?? {}, options.outputs ?? {}),
  );
  const marker = options.multiInstance ? multiInstance(options.multiInstance) : '';
  const attrs = { name: options.name, ...extraAttributes };
  return element(tag, id, attrs, extensions + content + marker);
}

function multiInstance(options: MultiInstanceOptions): string {
  const settings = attributes({
    inputCollection: options.inputCollection,
    inputElement: options.inputElement,
    outputCollection: options.outputCollection,
    outputElement: options.outputElement,
  });
  const completion =
    options.completionCondition === undefined
      ? ''
      : `<bpmn:completionCondition xsi:type="bpmn:tFormalExpression">${escape(
          options.completionCondition,
        )}</bpmn:completionCondition>`;
  return (
    `<bpmn:multiInstanceLoopCharacteristics ${attributes({
      isSequential: options.sequential ? 'true' : undefined,
    })}>` +
    `<bpmn:extensionElements><zeebe:loopCharacteristics ${settings} /></bpmn:extensionElements>` +
    `${completion}</bpmn:multiInstanceLoopCharacteristics>`
  );
}

function timerDefinition(timer: TimerOptions): string {
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

function ioMapping(inputs: Record<string, string>, outputs: Record<string, string>): string {
  const entries = [
    ...Object.entries(inputs).map(
      ([target, source]) => `<zeebe:input ${attributes({ source, target })} />`,
    ),
    ...Object.entries(outputs).map(
      ([target, source]) => `<zeebe:output ${attributes({ source, target })} />`,
    ),
  ];
  return entries.length === 0 ? '' : `<zeebe:ioMapping>${entries.join('')}</zeebe:ioMapping>`;
}

function extensionElements(content: string): string {
  return content === '' ? '' : `<bpmn:extensionElements>${content}</bpmn:extensionElements>`;
}

function element(
  tag: string,
  id: string,
  attrs: Record<string, string | undefined>,
  content: string,
): string {
  const all = attributes({ id, ...attrs });
  return content === '' ? `<${tag} ${all} />` : `<${tag} ${all}>${content}</${tag}>`;
}

function attributes(values: Record<string, string | undefined>): string {
  return Object.entries(values)
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([name, value]) => `${name}="${escape(value)}"`)
    .join(' ');
}

function escape(value: string): string {
  return value
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;');
}
