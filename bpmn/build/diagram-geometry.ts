/**
 * Plane geometry for the generated diagram: bounds, points and the sizes bpmn-js draws
 * each kind of element with, so computed coordinates match what the modeler renders.
 */

export interface Point {
  x: number;
  y: number;
}

export interface Bounds {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Default sizes of bpmn-js shapes. */
export const shapeSize = {
  event: { width: 36, height: 36 },
  gateway: { width: 50, height: 50 },
  task: { width: 100, height: 80 },
} as const;

/** Bounds of a shape of `size` centred on `center`. */
export function centeredAt(center: Point, size: { width: number; height: number }): Bounds {
  return {
    x: center.x - size.width / 2,
    y: center.y - size.height / 2,
    width: size.width,
    height: size.height,
  };
}

export function centerOf(bounds: Bounds): Point {
  return { x: bounds.x + bounds.width / 2, y: bounds.y + bounds.height / 2 };
}

export function rightOf(bounds: Bounds): number {
  return bounds.x + bounds.width;
}

export function bottomOf(bounds: Bounds): number {
  return bounds.y + bounds.height;
}

/** The middle of one side of a shape: where a straight sequence flow meets it. */
export function sidePoint(bounds: Bounds, side: 'left' | 'right' | 'top' | 'bottom'): Point {
  const center = centerOf(bounds);
  switch (side) {
    case 'left':
      return { x: bounds.x, y: center.y };
    case 'right':
      return { x: rightOf(bounds), y: center.y };
    case 'top':
      return { x: center.x, y: bounds.y };
    case 'bottom':
      return { x: center.x, y: bottomOf(bounds) };
  }
}

/**
 * The middle of one of a gateway diamond's four edges, so that more than four flows can
 * meet one gateway without sharing a segment.
 */
export function diamondEdgePoint(
  bounds: Bounds,
  edge: 'upper-left' | 'upper-right' | 'lower-left' | 'lower-right',
): Point {
  const center = centerOf(bounds);
  const dx = bounds.width / 4;
  const dy = bounds.height / 4;
  return {
    x: edge.endsWith('left') ? center.x - dx : center.x + dx,
    y: edge.startsWith('upper') ? center.y - dy : center.y + dy,
  };
}

/** True when the two rectangles share any area (touching edges do not count). */
export function boundsOverlap(a: Bounds, b: Bounds): boolean {
  return a.x < rightOf(b) && b.x < rightOf(a) && a.y < bottomOf(b) && b.y < bottomOf(a);
}

/** True when `inner` lies entirely inside `outer`. */
export function boundsContain(outer: Bounds, inner: Bounds): boolean {
  return (
    inner.x >= outer.x &&
    inner.y >= outer.y &&
    rightOf(inner) <= rightOf(outer) &&
    bottomOf(inner) <= bottomOf(outer)
  );
}

/**
 * Bounds of an external label (events, gateways, flows) for `text`, estimated the way
 * bpmn-js wraps it: 11px font, lines of at most 90px, CJK characters about 12px wide.
 */
export function labelSize(text: string): { width: number; height: number } {
  const width = [...text].reduce((sum, char) => sum + (char.charCodeAt(0) > 0x2e80 ? 12 : 7), 0);
  const lines = Math.max(1, Math.ceil(width / 90));
  return { width: Math.min(width, 90), height: 14 * lines };
}

/** An external label centred below a shape. */
export function labelBelow(bounds: Bounds, text: string): Bounds {
  const size = labelSize(text);
  return { x: centerOf(bounds).x - size.width / 2, y: bottomOf(bounds) + 6, ...size };
}

/** An external label centred above a shape. */
export function labelAbove(bounds: Bounds, text: string): Bounds {
  const size = labelSize(text);
  return { x: centerOf(bounds).x - size.width / 2, y: bounds.y - 6 - size.height, ...size };
}
