import type { ExecutableProcess } from '../model/executable-process.ts';
import { parseBpmn } from '../model/parse-deployment.ts';

/**
 * Parses a BPMN resource with the deployment parser, which refuses bad or unsupported
 * models with an `EngineError` naming each problem. `now` checks static timer values.
 */
export function parseResource(
  content: string,
  resourceName: string,
  now?: number,
): Promise<ExecutableProcess[]> {
  return parseBpmn(content, resourceName, { now });
}
