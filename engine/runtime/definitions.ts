import type { ExecutableProcess } from '../model/executable-process.ts';
import type { EngineStore } from '../store/engine-store.ts';
import type { DefinitionRow } from '../store/rows.ts';
import { parseResource } from './parse-resource.ts';

const PARSED_CACHE_SIZE = 200;

/**
 * Every deployed process definition, kept in memory (there are few), and the parsed graphs
 * of the recently used ones. Changes made during a batch are undone if it is discarded.
 */
export class DefinitionRegistry {
  private readonly byKey = new Map<string, DefinitionRow>();
  private readonly parsed = new Map<string, ExecutableProcess>();
  private undo: (() => void)[] = [];

  constructor(private readonly store: EngineStore) {}

  async open(): Promise<void> {
    const rows = await this.store.definitions.select('true', []);
    for (const row of rows) this.byKey.set(row.key, row);
  }

  get(key: string): DefinitionRow | undefined {
    return this.byKey.get(key);
  }

  /** The latest version of a process id in a tenant that is not deleted. */
  latest(tenantId: string, bpmnProcessId: string): DefinitionRow | undefined {
    let latest: DefinitionRow | undefined;
    for (const row of this.byKey.values()) {
      if (row.tenantId !== tenantId || row.bpmnProcessId !== bpmnProcessId || row.deleted) continue;
      if (!latest || row.version > latest.version) latest = row;
    }
    return latest;
  }

  /** The highest version ever given to a process id in a tenant, deleted ones included. */
  highestVersion(tenantId: string, bpmnProcessId: string): DefinitionRow | undefined {
    let highest: DefinitionRow | undefined;
    for (const row of this.byKey.values()) {
      if (row.tenantId !== tenantId || row.bpmnProcessId !== bpmnProcessId) continue;
      if (!highest || row.version > highest.version) highest = row;
    }
    return highest;
  }

  byVersion(tenantId: string, bpmnProcessId: string, version: number): DefinitionRow | undefined {
    for (const row of this.byKey.values()) {
      if (row.tenantId === tenantId && row.bpmnProcessId === bpmnProcessId) {
        if (row.version === version && !row.deleted) return row;
      }
    }
    return undefined;
  }

  /** Stores a definition as part of the running batch. */
  put(row: DefinitionRow, process?: ExecutableProcess): void {
    const previous = this.byKey.get(row.key);
    this.byKey.set(row.key, row);
    this.store.definitions.put(row);
    if (process) this.parsed.set(row.key, process);
    this.undo.push(() => {
      if (previous) this.byKey.set(row.key, previous);
      else this.byKey.delete(row.key);
      this.parsed.delete(row.key);
    });
  }

  /** The executable graph of a definition, parsed from its resource on first use. */
  async process(definition: DefinitionRow): Promise<ExecutableProcess> {
    const cached = this.parsed.get(definition.key);
    if (cached) return cached;
    const resource = await this.store.resources.get(definition.resourceKey);
    if (!resource) throw new Error(`resource <${definition.resourceKey}> is missing`);
    const processes = await parseResource(resource.content, resource.name);
    const process = processes.find(
      (candidate) => candidate.bpmnProcessId === definition.bpmnProcessId,
    );
    if (!process)
      throw new Error(`resource <${resource.name}> has no <${definition.bpmnProcessId}>`);
    this.parsed.set(definition.key, process);
    if (this.parsed.size > PARSED_CACHE_SIZE) this.parsed.delete(this.parsed.keys().next().value!);
    return process;
  }

  committed(): void {
    this.undo = [];
  }

  discard(): void {
    for (const step of this.undo.reverse()) step();
    this.undo = [];
  }
}
