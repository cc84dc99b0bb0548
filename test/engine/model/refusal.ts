import { EngineError } from '../../../engine/errors.ts';
import { parseBpmn } from '../../../engine/model/parse-deployment.ts';

/** The error a deployment of `xml` is refused with; fails the test when it deploys. */
export async function refusal(xml: string | Uint8Array, resourceName = 'test.bpmn') {
  try {
    await parseBpmn(xml, resourceName);
  } catch (error) {
    if (error instanceof EngineError) {
      return error;
    }

    throw error;
  }

  throw new Error(`expected '${resourceName}' to be refused, but it deployed`);
}
