import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

import { BpmnModdle } from 'bpmn-moddle';
import zeebeSchema from 'zeebe-bpmn-moddle/resources/zeebe.json' with { type: 'json' };

/**
 * The committed provincial model, read the way the modeler and the linter read it
 * (bpmn-moddle with the Zeebe extension), with small accessors for the tests.
 */

export const bpmnDir = join(import.meta.dirname, '..', '..', '..', 'bpmn');
export const modelPath = join(bpmnDir, 'flexible-employment-insurance.bpmn');

/** A moddle element, loosely typed: the tests read only what they check. */
export interface Element {
  $type: string;
  $parent?: Element;
  id: string;
  name?: string;
  [property: string]: unknown;
}

export interface Bounds {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface LoadedModel {
  xml: string;
  definitions: Element;
  /** Import warnings from bpmn-moddle (unknown elements, broken references). */
  warnings: string[];
  process: Element;
  /** Every flow element (nodes and sequence flows) at any depth. */
  flowElements: Element[];
  shapes: Map<string, { bounds: Bounds; label?: Bounds }>;
  edges: Map<string, { waypoints: { x: number; y: number }[]; label?: Bounds }>;
}

export function createModdle(): BpmnModdle {
  return new BpmnModdle({ zeebe: zeebeSchema });
}

export async function loadModel(xml?: string): Promise<LoadedModel> {
  const source = xml ?? (await readFile(modelPath, 'utf8'));
  const { rootElement, warnings } = await createModdle().fromXML(source);
  const definitions = rootElement as unknown as Element;
  const rootElements = definitions.rootElements as Element[];
  const process = rootElements.find((element) => element.$type === 'bpmn:Process');
  if (!process) throw new Error('the model has no bpmn:Process');

  const diagram = (definitions.diagrams as Element[])[0];
  const planeElements = ((diagram?.plane as Element | undefined)?.planeElement ?? []) as Element[];
  const shapes = new Map<string, { bounds: Bounds; label?: Bounds }>();
  const edges = new Map<string, { waypoints: { x: number; y: number }[]; label?: Bounds }>();
  for (const di of planeElements) {
    const target = (di.bpmnElement as Element).id;
    const label = (di.label as Element | undefined)?.bounds as Bounds | undefined;
    if (di.$type === 'bpmndi:BPMNShape') shapes.set(target, { bounds: di.bounds as Bounds, label });
    if (di.$type === 'bpmndi:BPMNEdge') {
      edges.set(target, { waypoints: di.waypoint as { x: number; y: number }[], label });
    }
  }

  return {
    xml: source,
    definitions,
    warnings: warnings.map((warning) => String((warning as { message?: string }).message)),
    process,
    flowElements: flowElementsOf(process),
    shapes,
    edges,
  };
}

/** Every flow element under `scope`, depth first, sub-processes included. */
export function flowElementsOf(scope: Element): Element[] {
  const children = (scope.flowElements ?? []) as Element[];
  return children.flatMap((child) =>
    child.$type === 'bpmn:SubProcess' ? [child, ...flowElementsOf(child)] : [child],
  );
}

/** The extension element of `type` (e.g. `zeebe:TaskDefinition`) on `element`, if any. */
export function extension(element: Element, type: string): Element | undefined {
  const values = ((element.extensionElements as Element | undefined)?.values ?? []) as Element[];
  return values.find((value) => value.$type === type);
}

/** `zeebe:taskHeaders` as a plain object. */
export function headersOf(element: Element): Record<string, string> {
  const headers = (extension(element, 'zeebe:TaskHeaders')?.values ?? []) as Element[];
  return Object.fromEntries(headers.map((header) => [header.key, header.value]));
}

/** `zeebe:ioMapping` inputs or outputs as `{ source, target }` pairs. */
export function mappingsOf(
  element: Element,
  direction: 'inputParameters' | 'outputParameters',
): { source: string; target: string }[] {
  const mapping = extension(element, 'zeebe:IoMapping');
  return ((mapping?.[direction] ?? []) as Element[]).map((parameter) => ({
    source: String(parameter.source),
    target: String(parameter.target),
  }));
}

/** The job type of a service task, or undefined for other elements. */
export function jobTypeOf(element: Element): string | undefined {
  return extension(element, 'zeebe:TaskDefinition')?.type as string | undefined;
}

export function isFlowNode(element: Element): boolean {
  return element.$type !== 'bpmn:SequenceFlow';
}
