import type { Bounds, Point } from './diagram-geometry.ts';
import type {
  FlowNodeSpec,
  JobSpec,
  ProcessGraph,
  SequenceFlowSpec,
  VariableMapping,
} from './process-graph.ts';

/**
 * Serialises a `ProcessGraph` to BPMN 2.0 XML with Zeebe extensions and diagram
 * interchange, in the shape Camunda Modeler writes (execution platform Camunda Cloud 8.8),
 * two-space indented so diffs of the committed model stay readable.
 */

const namespaces = {
  bpmn: 'http://www.omg.org/spec/BPMN/20100524/MODEL',
  bpmndi: 'http://www.omg.org/spec/BPMN/20100524/DI',
  dc: 'http://www.omg.org/spec/DD/20100524/DC',
  di: 'http://www.omg.org/spec/DD/20100524/DI',
  xsi: 'http://www.w3.org/2001/XMLSchema-instance',
  zeebe: 'http://camunda.org/schema/zeebe/1.0',
  modeler: 'http://camunda.org/schema/modeler/1.0',
};

export function toBpmnXml(graph: ProcessGraph): string {
  const out = new XmlWriter();
  out.line('<?xml version="1.0" encoding="UTF-8"?>');
  out.open('bpmn:definitions', {
    ...Object.fromEntries(Object.entries(namespaces).map(([key, uri]) => [`xmlns:${key}`, uri])),
    id: 'Definitions_FlexibleEmploymentInsurance',
    targetNamespace: 'http://bpmn.io/schema/bpmn',
    exporter: 'bpmn/build-model.ts',
    exporterVersion: '1',
    'modeler:executionPlatform': 'Camunda Cloud',
    'modeler:executionPlatformVersion': '8.8.0',
  });

  out.open('bpmn:process', { id: graph.processId, name: graph.processName, isExecutable: 'true' });
  out.text('bpmn:documentation', graph.documentation);
  writeScope(out, graph, undefined);
  out.close('bpmn:process');

  for (const message of graph.messages) {
    out.open('bpmn:message', { id: message.id, name: message.name });
    out.open('bpmn:extensionElements');
    out.empty('zeebe:subscription', { correlationKey: message.correlationKey });
    out.close('bpmn:extensionElements');
    out.close('bpmn:message');
  }
  for (const error of graph.errors) {
    out.empty('bpmn:error', { id: error.id, name: error.name, errorCode: error.errorCode });
  }

  writeDiagram(out, graph);
  out.close('bpmn:definitions');
  return out.toString();
}

/** The flow nodes and sequence flows whose parent is `parentId` (undefined: the process). */
function writeScope(out: XmlWriter, graph: ProcessGraph, parentId: string | undefined): void {
  const nodes = graph.nodes.filter((node) => node.parentId === parentId);
  const ids = new Set(nodes.map((node) => node.id));
  for (const node of nodes) writeNode(out, graph, node);
  for (const flow of graph.flows.filter((candidate) => ids.has(candidate.sourceId))) {
    writeFlow(out, flow);
  }
}

function writeNode(out: XmlWriter, graph: ProcessGraph, node: FlowNodeSpec): void {
  const tag = `bpmn:${node.kind}`;
  out.open(tag, nodeAttributes(node));
  if (node.documentation) out.text('bpmn:documentation', node.documentation);
  writeExtensions(out, node);
  for (const flow of graph.flows.filter((candidate) => candidate.targetId === node.id)) {
    out.text('bpmn:incoming', flow.id);
  }
  for (const flow of graph.flows.filter((candidate) => candidate.sourceId === node.id)) {
    out.text('bpmn:outgoing', flow.id);
  }
  writeEventDefinition(out, node);
  if (node.kind === 'subProcess') writeScope(out, graph, node.id);
  out.close(tag);
}

function nodeAttributes(node: FlowNodeSpec): Record<string, string | undefined> {
  return {
    id: node.id,
    name: node.name,
    'zeebe:modelerTemplate': node.job?.template?.id,
    'zeebe:modelerTemplateVersion': node.job?.template && String(node.job.template.version),
    messageRef: node.messageRef,
    default: node.defaultFlowId,
    cancelActivity: node.boundary?.kind === 'timer' ? 'false' : undefined,
    attachedToRef: node.boundary?.attachedTo,
  };
}

function writeExtensions(out: XmlWriter, node: FlowNodeSpec): void {
  const inputs = node.inputs ?? [];
  const outputs = node.outputs ?? [];
  if (!node.job && inputs.length === 0 && outputs.length === 0) return;

  out.open('bpmn:extensionElements');
  if (node.job) writeJob(out, node.job);
  if (inputs.length > 0 || outputs.length > 0) {
    out.open('zeebe:ioMapping');
    writeMappings(out, 'zeebe:input', inputs);
    writeMappings(out, 'zeebe:output', outputs);
    out.close('zeebe:ioMapping');
  }
  if (node.job && Object.keys(node.job.headers).length > 0) {
    out.open('zeebe:taskHeaders');
    for (const [key, value] of Object.entries(node.job.headers)) {
      out.empty('zeebe:header', { key, value });
    }
    out.close('zeebe:taskHeaders');
  }
  out.close('bpmn:extensionElements');
}

function writeJob(out: XmlWriter, job: JobSpec): void {
  out.empty('zeebe:taskDefinition', { type: job.type, retries: String(job.retries) });
}

function writeMappings(out: XmlWriter, tag: string, mappings: VariableMapping[]): void {
  for (const mapping of mappings) {
    out.empty(tag, { source: mapping.source, target: mapping.target });
  }
}

function writeEventDefinition(out: XmlWriter, node: FlowNodeSpec): void {
  const boundary = node.boundary;
  if (!boundary) return;
  if (boundary.kind === 'error') {
    out.empty('bpmn:errorEventDefinition', {
      id: `${node.id}_ErrorEventDefinition`,
      errorRef: boundary.errorRef,
    });
    return;
  }
  out.open('bpmn:timerEventDefinition', { id: `${node.id}_TimerEventDefinition` });
  out.text('bpmn:timeDate', boundary.timeDate, { 'xsi:type': 'bpmn:tFormalExpression' });
  out.close('bpmn:timerEventDefinition');
}

function writeFlow(out: XmlWriter, flow: SequenceFlowSpec): void {
  const attributes = {
    id: flow.id,
    name: flow.name,
    sourceRef: flow.sourceId,
    targetRef: flow.targetId,
  };
  if (!flow.condition) {
    out.empty('bpmn:sequenceFlow', attributes);
    return;
  }
  out.open('bpmn:sequenceFlow', attributes);
  out.text('bpmn:conditionExpression', flow.condition, { 'xsi:type': 'bpmn:tFormalExpression' });
  out.close('bpmn:sequenceFlow');
}

function writeDiagram(out: XmlWriter, graph: ProcessGraph): void {
  out.open('bpmndi:BPMNDiagram', { id: 'BPMNDiagram_FlexibleEmploymentInsurance' });
  out.open('bpmndi:BPMNPlane', {
    id: 'BPMNPlane_FlexibleEmploymentInsurance',
    bpmnElement: graph.processId,
  });
  for (const node of graph.nodes) {
    out.open('bpmndi:BPMNShape', {
      id: `${node.id}_di`,
      bpmnElement: node.id,
      isExpanded: node.kind === 'subProcess' ? 'true' : undefined,
    });
    writeBounds(out, node.bounds);
    writeLabel(out, node.label);
    out.close('bpmndi:BPMNShape');
  }
  for (const flow of graph.flows) {
    out.open('bpmndi:BPMNEdge', { id: `${flow.id}_di`, bpmnElement: flow.id });
    for (const point of flow.waypoints) writeWaypoint(out, point);
    writeLabel(out, flow.label);
    out.close('bpmndi:BPMNEdge');
  }
  out.close('bpmndi:BPMNPlane');
  out.close('bpmndi:BPMNDiagram');
}

function writeBounds(out: XmlWriter, bounds: Bounds): void {
  out.empty('dc:Bounds', {
    x: number(bounds.x),
    y: number(bounds.y),
    width: number(bounds.width),
    height: number(bounds.height),
  });
}

function writeLabel(out: XmlWriter, label: Bounds | undefined): void {
  if (!label) return;
  out.open('bpmndi:BPMNLabel');
  writeBounds(out, label);
  out.close('bpmndi:BPMNLabel');
}

function writeWaypoint(out: XmlWriter, point: Point): void {
  out.empty('di:waypoint', { x: number(point.x), y: number(point.y) });
}

// helpers ///////////////////////////////////////////////////////////////////////////

function number(value: number): string {
  return String(Math.round(value * 10) / 10);
}

function escape(value: string): string {
  return value
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;');
}

/** Indenting XML writer; attributes whose value is undefined are left out. */
class XmlWriter {
  readonly #lines: string[] = [];
  #depth = 0;

  line(text: string): void {
    this.#lines.push('  '.repeat(this.#depth) + text);
  }

  open(tag: string, attributes: Record<string, string | undefined> = {}): void {
    this.line(`<${tag}${formatAttributes(attributes)}>`);
    this.#depth += 1;
  }

  close(tag: string): void {
    this.#depth -= 1;
    this.line(`</${tag}>`);
  }

  empty(tag: string, attributes: Record<string, string | undefined>): void {
    this.line(`<${tag}${formatAttributes(attributes)} />`);
  }

  text(tag: string, content: string, attributes: Record<string, string | undefined> = {}): void {
    this.line(`<${tag}${formatAttributes(attributes)}>${escape(content)}</${tag}>`);
  }

  toString(): string {
    return this.#lines.join('\n') + '\n';
  }
}

function formatAttributes(attributes: Record<string, string | undefined>): string {
  return Object.entries(attributes)
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([key, value]) => ` ${key}="${escape(value)}"`)
    .join('');
}
