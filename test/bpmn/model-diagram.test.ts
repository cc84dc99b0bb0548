import { beforeAll, describe, expect, it } from 'vitest';

import {
  type Bounds,
  type Element,
  type LoadedModel,
  isFlowNode,
  loadModel,
} from './support/provincial-model.ts';

type Point = { x: number; y: number };
type Segment = { from: Point; to: Point; edgeId: string };

let model: LoadedModel;

beforeAll(async () => {
  model = await loadModel();
});

describe('the provincial model diagram', () => {
  it('has a shape for every flow node and an edge for every sequence flow', () => {
    // when
    const missing = model.flowElements
      .filter((element) =>
        isFlowNode(element) ? !model.shapes.has(element.id) : !model.edges.has(element.id),
      )
      .map((element) => element.id);

    // then
    expect(missing).toEqual([]);
  });

  it('overlaps no two shapes, except a sub-process with its contents', () => {
    // given
    const nodes = model.flowElements.filter(
      (element) => isFlowNode(element) && element.$type !== 'bpmn:BoundaryEvent',
    );

    // when
    const overlaps: string[] = [];
    for (const [index, a] of nodes.entries()) {
      for (const b of nodes.slice(index + 1)) {
        if (isAncestor(a, b) || isAncestor(b, a)) continue;
        if (overlap(boundsOf(a), boundsOf(b))) overlaps.push(`<${a.id}> and <${b.id}>`);
      }
    }

    // then
    expect(overlaps).toEqual([]);
  });

  it('draws every element inside its sub-process', () => {
    // when
    const outside = model.flowElements
      .filter((element) => isFlowNode(element) && element.$parent?.$type === 'bpmn:SubProcess')
      .filter((element) => !contains(boundsOf(element.$parent as Element), boundsOf(element)))
      .map((element) => element.id);

    // then
    expect(outside).toEqual([]);
  });

  it('centres every boundary event on its host border, clear of other shapes', () => {
    // given
    const boundaries = model.flowElements.filter(
      (element) => element.$type === 'bpmn:BoundaryEvent',
    );
    const others = model.flowElements.filter(
      (element) => isFlowNode(element) && element.$type !== 'bpmn:SubProcess',
    );

    // when
    const misplaced: string[] = [];
    for (const boundary of boundaries) {
      const host = boundary.attachedToRef as Element;
      const center = centerOf(boundsOf(boundary));
      if (!onBorder(boundsOf(host), center)) misplaced.push(`<${boundary.id}> off <${host.id}>`);
      for (const other of others.filter((element) => element !== boundary && element !== host)) {
        if (overlap(boundsOf(boundary), boundsOf(other))) {
          misplaced.push(`<${boundary.id}> on <${other.id}>`);
        }
      }
    }

    // then
    expect(misplaced).toEqual([]);
  });

  it('routes every sequence flow orthogonally from its source border to its target border', () => {
    // when
    const broken: string[] = [];
    for (const flow of sequenceFlows()) {
      const points = waypointsOf(flow);
      const source = boundsOf(flow.sourceRef as Element);
      const target = boundsOf(flow.targetRef as Element);
      if (!onBorder(source, points[0] as Point)) broken.push(`<${flow.id}> leaves off its source`);
      if (!onBorder(target, points.at(-1) as Point))
        broken.push(`<${flow.id}> ends off its target`);
      if (segmentsOf(flow).some((s) => s.from.x !== s.to.x && s.from.y !== s.to.y)) {
        broken.push(`<${flow.id}> has a diagonal segment`);
      }
    }

    // then
    expect(broken).toEqual([]);
  });

  it('reads left to right: no sequence flow runs leftwards', () => {
    // when
    const leftwards = sequenceFlows()
      .filter((flow) => segmentsOf(flow).some((segment) => segment.to.x < segment.from.x))
      .map((flow) => flow.id);

    // then
    expect(leftwards).toEqual([]);
  });

  it('lets no two sequence flows share or cross a segment', () => {
    // given
    const segments = sequenceFlows().flatMap(segmentsOf);

    // when
    const clashes: string[] = [];
    for (const [index, a] of segments.entries()) {
      for (const b of segments.slice(index + 1)) {
        if (a.edgeId === b.edgeId) continue;
        if (collinearOverlap(a, b)) clashes.push(`<${a.edgeId}> overlaps <${b.edgeId}>`);
        else if (properCrossing(a, b)) clashes.push(`<${a.edgeId}> crosses <${b.edgeId}>`);
      }
    }

    // then
    expect(clashes).toEqual([]);
  });

  it('routes no sequence flow through a shape other than its own source and target', () => {
    // given
    const shapes = model.flowElements.filter(isFlowNode);

    // when
    const through: string[] = [];
    for (const flow of sequenceFlows()) {
      const ends = [flow.sourceRef as Element, flow.targetRef as Element];
      for (const shape of shapes) {
        if (ends.some((end) => end === shape || isAncestor(shape, end))) continue;
        if (segmentsOf(flow).some((segment) => crossesInterior(segment, boundsOf(shape)))) {
          through.push(`<${flow.id}> through <${shape.id}>`);
        }
      }
    }

    // then
    expect(through).toEqual([]);
  });

  it('places every external label clear of shapes, flows and other labels', () => {
    // given
    const labels = [...model.shapes, ...model.edges].flatMap(([id, di]) =>
      di.label ? [{ id, bounds: di.label }] : [],
    );
    const shapes = model.flowElements.filter(
      (element) => isFlowNode(element) && element.$type !== 'bpmn:SubProcess',
    );
    const segments = sequenceFlows().flatMap(segmentsOf);

    // when
    const clashes: string[] = [];
    for (const [index, label] of labels.entries()) {
      for (const shape of shapes) {
        if (overlap(label.bounds, boundsOf(shape))) clashes.push(`${label.id} on <${shape.id}>`);
      }
      for (const segment of segments) {
        if (crossesInterior(segment, label.bounds)) {
          clashes.push(`${label.id} on <${segment.edgeId}>`);
        }
      }
      for (const other of labels.slice(index + 1)) {
        if (overlap(label.bounds, other.bounds)) clashes.push(`${label.id} on ${other.id}`);
      }
    }

    // then
    expect(clashes).toEqual([]);
  });
});

// helpers ///////////////////////////////////////////////////////////////////////////

function sequenceFlows(): Element[] {
  return model.flowElements.filter((element) => element.$type === 'bpmn:SequenceFlow');
}

function boundsOf(element: Element): Bounds {
  const shape = model.shapes.get(element.id);
  if (!shape) throw new Error(`no shape for <${element.id}>`);
  return shape.bounds;
}

function waypointsOf(flow: Element): Point[] {
  const edge = model.edges.get(flow.id);
  if (!edge) throw new Error(`no edge for <${flow.id}>`);
  return edge.waypoints;
}

function segmentsOf(flow: Element): Segment[] {
  const points = waypointsOf(flow);
  return points.slice(1).map((to, index) => ({
    from: points[index] as Point,
    to,
    edgeId: flow.id,
  }));
}

/** True when `ancestor` is a sub-process that (transitively) contains `element`. */
function isAncestor(ancestor: Element, element: Element): boolean {
  for (let parent = element.$parent; parent; parent = parent.$parent) {
    if (parent === ancestor) return true;
  }
  return false;
}

function centerOf(bounds: Bounds): Point {
  return { x: bounds.x + bounds.width / 2, y: bounds.y + bounds.height / 2 };
}

function overlap(a: Bounds, b: Bounds): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

function contains(outer: Bounds, inner: Bounds): boolean {
  return (
    inner.x >= outer.x &&
    inner.y >= outer.y &&
    inner.x + inner.width <= outer.x + outer.width &&
    inner.y + inner.height <= outer.y + outer.height
  );
}

/** On the outline of the rectangle, or of the diamond a gateway draws inside it. */
function onBorder(bounds: Bounds, point: Point): boolean {
  const right = bounds.x + bounds.width;
  const bottom = bounds.y + bounds.height;
  const inX = point.x >= bounds.x && point.x <= right;
  const inY = point.y >= bounds.y && point.y <= bottom;
  const onRectangle =
    ((point.x === bounds.x || point.x === right) && inY) ||
    ((point.y === bounds.y || point.y === bottom) && inX);
  const center = centerOf(bounds);
  const onDiamond =
    Math.abs(
      Math.abs(point.x - center.x) / (bounds.width / 2) +
        Math.abs(point.y - center.y) / (bounds.height / 2) -
        1,
    ) < 1e-9;
  return onRectangle || onDiamond;
}

function isHorizontal(segment: Segment): boolean {
  return segment.from.y === segment.to.y;
}

function span(a: number, b: number): [number, number] {
  return a < b ? [a, b] : [b, a];
}

/** Both on one line and sharing a stretch of positive length. */
function collinearOverlap(a: Segment, b: Segment): boolean {
  if (isHorizontal(a) !== isHorizontal(b)) return false;
  const axis = isHorizontal(a) ? 'y' : 'x';
  const along = isHorizontal(a) ? 'x' : 'y';
  if (a.from[axis] !== b.from[axis]) return false;
  const [a1, a2] = span(a.from[along], a.to[along]);
  const [b1, b2] = span(b.from[along], b.to[along]);
  return Math.min(a2, b2) - Math.max(a1, b1) > 0;
}

/** A horizontal and a vertical segment crossing strictly inside both. */
function properCrossing(a: Segment, b: Segment): boolean {
  if (isHorizontal(a) === isHorizontal(b)) return false;
  const [horizontal, vertical] = isHorizontal(a) ? [a, b] : [b, a];
  const [x1, x2] = span(horizontal.from.x, horizontal.to.x);
  const [y1, y2] = span(vertical.from.y, vertical.to.y);
  const x = vertical.from.x;
  const y = horizontal.from.y;
  return x > x1 && x < x2 && y > y1 && y < y2;
}

/** An orthogonal segment passing through the open interior of `bounds`. */
function crossesInterior(segment: Segment, bounds: Bounds): boolean {
  const right = bounds.x + bounds.width;
  const bottom = bounds.y + bounds.height;
  if (isHorizontal(segment)) {
    const [x1, x2] = span(segment.from.x, segment.to.x);
    const y = segment.from.y;
    return y > bounds.y && y < bottom && Math.min(x2, right) - Math.max(x1, bounds.x) > 0;
  }
  const [y1, y2] = span(segment.from.y, segment.to.y);
  const x = segment.from.x;
  return x > bounds.x && x < right && Math.min(y2, bottom) - Math.max(y1, bounds.y) > 0;
}
