import type { ValueType, Variables } from '../api.ts';
import type { ExecutableProcess, FlowNode } from '../model/executable-process.ts';
import type { ElementInstance, InstanceState } from '../store/rows.ts';
import type { Batch } from './batch.ts';
import type { Runtime } from './runtime.ts';

type Step = () => Promise<void> | void;

/** Steps one command may take before the engine assumes a loop without a wait state. */
const MAX_STEPS = 100_000;

/**
 * One command's view of one process instance: its state, its process graph, the records it
 * appends and the agenda of follow-up steps (like Zeebe's follow-up commands, run in order
 * until the instance waits again).
 */
export class InstanceContext {
  private readonly agenda: Step[] = [];
  private draining = false;

  constructor(
    readonly runtime: Runtime,
    readonly batch: Batch,
    readonly state: InstanceState,
    readonly process: ExecutableProcess,
  ) {
    batch.store.instances.put(state);
  }

  get store() {
    return this.batch.store;
  }

  get now(): number {
    return this.batch.now();
  }

  get key(): string {
    return this.state.key;
  }

  newKey(): string {
    return this.batch.newKey();
  }

  node(id: string): FlowNode {
    const node = this.process.nodes.get(id);
    if (!node) throw new Error(`process <${this.process.bpmnProcessId}> has no element <${id}>`);
    return node;
  }

  element(key: string | undefined): ElementInstance | undefined {
    return key === undefined ? undefined : this.state.elements[key];
  }

  children(scopeKey: string): ElementInstance[] {
    return Object.values(this.state.elements).filter((child) => child.parentKey === scopeKey);
  }

  /** Appends a PROCESS_INSTANCE record for a lifecycle step of an element instance. */
  recordElement(element: ElementInstance, intent: string): void {
    const value: Record<string, unknown> = {
      processDefinitionKey: this.state.processDefinitionKey,
      version: this.state.version,
      flowScopeKey: element.parentKey ?? '-1',
    };
    this.record('PROCESS_INSTANCE', intent, element.key, value, element.elementId, element.type);
  }

  /** Appends a record about this instance. */
  record(
    valueType: ValueType,
    intent: string,
    key: string,
    value: Record<string, unknown>,
    elementId?: string,
    bpmnElementType?: string,
  ): void {
    this.store.records.append({
      key,
      valueType,
      intent,
      timestamp: this.now,
      processInstanceKey: this.state.key,
      bpmnProcessId: this.state.bpmnProcessId,
      elementId,
      bpmnElementType,
      tenantId: this.state.tenantId,
      value,
    });
  }

  /** Queues a follow-up step; `drain` runs it after the steps queued before it. */
  schedule(step: Step): void {
    this.agenda.push(step);
  }

  /** Runs queued steps until the instance waits. */
  async drain(): Promise<void> {
    if (this.draining) return;
    this.draining = true;
    try {
      let steps = 0;
      for (let step = this.agenda.shift(); step; step = this.agenda.shift()) {
        if (++steps > MAX_STEPS) {
          throw new Error(`process instance <${this.key}> took ${MAX_STEPS} steps without waiting`);
        }
        await step();
      }
    } finally {
      this.draining = false;
    }
  }

  /** The process instance finished (completed or terminated): its row goes. */
  finish(): void {
    this.store.instances.delete(this.state.key);
  }

  get finished(): boolean {
    return this.state.elements[this.state.key] === undefined;
  }

  variablesOf(scopeKey: string): Variables {
    return this.runtime.variables.visible(this.state, scopeKey);
  }
}
