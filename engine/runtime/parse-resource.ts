import type { ExecutableProcess } from '../model/executable-process.ts';

type Parser = (xml: string, resourceName: string) => Promise<ExecutableProcess[]>;

let parser: Promise<Parser> | undefined;

// TODO(runtime): static import once engine/model/parse-deployment.ts is committed.
const PARSER_MODULE = process.env.ENGINE_PARSER_SHIM ?? '../model/parse-deployment.ts';

/**
 * Parses a BPMN resource with the deployment parser (`engine/model/parse-deployment.ts`),
 * which refuses bad or unsupported models with an `EngineError`.
 */
export async function parseResource(
  xml: string,
  resourceName: string,
): Promise<ExecutableProcess[]> {
  parser ??= import(/* @vite-ignore */ PARSER_MODULE).then(
    (module: { parseBpmn: Parser }) => module.parseBpmn,
  );
  return (await parser)(xml, resourceName);
}
