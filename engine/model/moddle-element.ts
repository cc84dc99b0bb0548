/**
 * Reading the element tree `bpmn-moddle` builds, with the few accessors the parser needs.
 * Moddle elements are plain objects keyed by BPMN property names; references are resolved
 * to the referenced elements.
 */

/** An element as bpmn-moddle gives it: `$type` like `bpmn:ServiceTask`, properties by name. */
export interface ModdleElement {
  readonly $type: string;
  readonly id?: string;
  readonly [property: string]: unknown;
}

export function isElement(value: unknown): value is ModdleElement {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as ModdleElement).$type === 'string'
  );
}

/** A list property (`flowElements`, `eventDefinitions`, …); absent lists are empty. */
export function list(element: ModdleElement, property: string): ModdleElement[] {
  const value = element[property];
  return Array.isArray(value) ? value.filter(isElement) : [];
}

/** A single element property or reference (`attachedToRef`, `messageRef`, …). */
export function single(element: ModdleElement, property: string): ModdleElement | undefined {
  const value = element[property];
  return isElement(value) ? value : undefined;
}

/** A string attribute; absent when not set. */
export function text(element: ModdleElement, property: string): string | undefined {
  const value = element[property];
  return typeof value === 'string' ? value : undefined;
}

/** A boolean attribute; absent when not set. */
export function flag(element: ModdleElement, property: string): boolean | undefined {
  const value = element[property];
  return typeof value === 'boolean' ? value : undefined;
}

/** The body of an expression child such as `conditionExpression` or `timeDuration`. */
export function body(element: ModdleElement, property: string): string | undefined {
  const child = single(element, property);
  return child ? (text(child, 'body') ?? '') : undefined;
}

/** The extension elements of the given type, e.g. `zeebe:TaskDefinition`. */
export function extensions(element: ModdleElement, type: string): ModdleElement[] {
  const container = single(element, 'extensionElements');
  return container ? list(container, 'values').filter((value) => value.$type === type) : [];
}

/** Every extension element, whatever its type. */
export function allExtensions(element: ModdleElement): ModdleElement[] {
  const container = single(element, 'extensionElements');
  return container ? list(container, 'values') : [];
}
