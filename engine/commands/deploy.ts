import type { DeployCommand, Deployment, ProcessMetadata } from '../api.ts';
import { EngineError } from '../errors.ts';
import { bpmnChecksum } from '../model/checksum.ts';
import type { ExecutableProcess } from '../model/executable-process.ts';
import { terminateElement } from '../runtime/flow.ts';
import { parseResource } from '../runtime/parse-resource.ts';
import type { Runtime } from '../runtime/runtime.ts';
import { assertKey, resolveTenant } from '../runtime/validation.ts';
import type { DefinitionRow, InstanceState } from '../store/rows.ts';

/** A resource checked and parsed before the deployment enters the command loop. */
export interface ParsedResource {
  name: string;
  content: string;
  checksum: string;
  processes: ExecutableProcess[];
}

/** Validates and parses every resource of a deployment; nothing is stored. */
export async function parseDeployment(
  command: DeployCommand,
  now: number,
): Promise<ParsedResource[]> {
  if (!Array.isArray(command?.resources) || command.resources.length === 0) {
    throw new EngineError('INVALID_ARGUMENT', 'a deployment needs at least one resource');
  }
  const parsed: ParsedResource[] = [];
  for (const resource of command.resources) {
    const name = resource?.name;
    if (typeof name !== 'string' || !/\.(bpmn|xml)$/i.test(name)) {
      throw new EngineError(
        'RESOURCE_NOT_BPMN',
        `resource <${String(name)}> is not BPMN; send a .bpmn or .xml file`,
      );
    }
    const content =
      typeof resource.content === 'string'
        ? resource.content
        : Buffer.from(resource.content ?? []).toString('utf8');
    const checksum = bpmnChecksum(content);
    parsed.push({ name, content, checksum, processes: await parseResource(content, name, now) });
  }
  return parsed;
}

/**
 * Stores a deployment: each process gets the next version of its id in the tenant, unless
 * the latest version came from the same resource name with identical content, which Zeebe
 * returns as it is (`duplicate`).
 */
export function deploy(
  runtime: Runtime,
  tenantId: string,
  resources: ParsedResource[],
): Deployment {
  const { batch, definitions, store } = runtime;
  const deploymentKey = batch.newKey();
  const processes: ProcessMetadata[] = [];
  const now = batch.now();

  for (const resource of resources) {
    let resourceKey: string | undefined;
    for (const process of resource.processes) {
      const latest = definitions.latest(tenantId, process.bpmnProcessId);
      if (
        latest &&
        latest.checksum === resource.checksum &&
        latest.resourceName === resource.name
      ) {
        processes.push(metadata(latest, true));
        continue;
      }
      if (!resourceKey) {
        resourceKey = batch.newKey();
        store.resources.put({
          key: resourceKey,
          deploymentKey,
          tenantId,
          name: resource.name,
          checksum: resource.checksum,
          content: resource.content,
        });
      }
      const highest = definitions.highestVersion(tenantId, process.bpmnProcessId);
      const definition: DefinitionRow = {
        key: batch.newKey(),
        bpmnProcessId: process.bpmnProcessId,
        version: (highest?.version ?? 0) + 1,
        tenantId,
        resourceKey,
        resourceName: resource.name,
        checksum: resource.checksum,
        deploymentKey,
        deleted: false,
      };
      definitions.put(definition, process);
      processes.push(metadata(definition, false));
      store.records.append({
        key: definition.key,
        valueType: 'PROCESS',
        intent: 'CREATED',
        timestamp: now,
        bpmnProcessId: definition.bpmnProcessId,
        tenantId,
        value: { ...metadata(definition, false), checksum: definition.checksum },
      });
    }
  }

  store.records.append({
    key: deploymentKey,
    valueType: 'DEPLOYMENT',
    intent: 'CREATED',
    timestamp: now,
    tenantId,
    value: {
      resources: resources.map((resource) => ({ resourceName: resource.name })),
      processesMetadata: processes,
    },
  });
  return { key: deploymentKey, tenantId, processes };
}

/** Deletes a process definition (PROCESS DELETED); its running instances are cancelled. */
export async function deleteResource(runtime: Runtime, resourceKey: string): Promise<void> {
  assertKey(resourceKey, 'resource key');
  const definition = runtime.definitions.get(resourceKey);
  if (!definition || definition.deleted) {
    throw new EngineError(
      'RESOURCE_NOT_FOUND',
      `no process definition with key <${resourceKey}>; send the key a deployment returned`,
    );
  }
  const running = await runtime.store.instances.query(
    'process_definition_key = ?',
    [resourceKey],
    (state: InstanceState) => state.processDefinitionKey === resourceKey,
    { orderBy: 'key', compare: () => 0 },
  );
  const process = await runtime.definitions.process(definition);
  for (const state of running) {
    const ctx = runtime.context(state, process);
    await terminateElement(ctx, ctx.element(ctx.key)!);
    await ctx.drain();
  }
  runtime.definitions.put({ ...definition, deleted: true });
  runtime.store.records.append({
    key: definition.key,
    valueType: 'PROCESS',
    intent: 'DELETED',
    timestamp: runtime.batch.now(),
    bpmnProcessId: definition.bpmnProcessId,
    tenantId: definition.tenantId,
    value: { ...metadata(definition, false) },
  });
}

export { resolveTenant };

function metadata(definition: DefinitionRow, duplicate: boolean): ProcessMetadata {
  return {
    bpmnProcessId: definition.bpmnProcessId,
    version: definition.version,
    processDefinitionKey: definition.key,
    resourceName: definition.resourceName,
    tenantId: definition.tenantId,
    duplicate,
  };
}
