import type { Variables } from '../api.ts';
import type { VariableMapping } from '../model/executable-process.ts';
import type { InstanceState, VariableEntry } from '../store/rows.ts';
import { evaluate } from '../feel/index.ts';
import type { InstanceContext } from './instance-context.ts';
import type { Outcome } from './outcome.ts';

/**
 * Variable scopes as Zeebe has them: each scope is an element instance (the process
 * instance is the root). Reading looks outward; `propagate` writes each variable where a
 * variable of that name already exists, else at the root; `setLocal` writes in the scope.
 */
export class VariableScopes {
  /** The variables visible from `scopeKey`: inner scopes shadow outer ones. */
  visible(state: InstanceState, scopeKey: string): Variables {
    const chain: string[] = [];
    for (let key: string | undefined = scopeKey; key; key = state.elements[key]?.parentKey) {
      chain.push(key);
    }
    const result: Variables = {};
    for (let index = chain.length - 1; index >= 0; index -= 1) {
      const scope = state.variables[chain[index]!];
      if (scope)
        for (const [name, entry] of Object.entries(scope)) setOwn(result, name, entry.value);
    }
    return result;
  }

  /** Only the named variables visible from `scopeKey` (job activation's fetchVariables). */
  pick(state: InstanceState, scopeKey: string, names: string[]): Variables {
    const all = this.visible(state, scopeKey);
    const result: Variables = {};
    for (const name of names) if (Object.hasOwn(all, name)) setOwn(result, name, all[name]);
    return result;
  }

  setLocal(ctx: InstanceContext, scopeKey: string, document: Variables): void {
    for (const [name, value] of Object.entries(document)) this.write(ctx, scopeKey, name, value);
  }

  propagate(ctx: InstanceContext, scopeKey: string, document: Variables): void {
    const { state } = ctx;
    for (const [name, value] of Object.entries(document)) {
      let target = state.key;
      for (let key: string | undefined = scopeKey; key; key = state.elements[key]?.parentKey) {
        if (variableEntry(state, key, name) !== undefined) {
          target = key;
          break;
        }
      }
      this.write(ctx, target, name, value);
    }
  }

  /** Drops the variables of a scope that ended. */
  dropScope(state: InstanceState, scopeKey: string): void {
    delete state.variables[scopeKey];
  }

  /**
   * Evaluates `zeebe:input` / `zeebe:output` mappings against the variables visible from
   * `scopeKey` into one document; a nested target (`a.b`) extends the visible `a`.
   */
  evaluateMappings(
    ctx: InstanceContext,
    mappings: VariableMapping[],
    scopeKey: string,
  ): Outcome<Variables> {
    const context = this.visible(ctx.state, scopeKey);
    const result: Variables = {};
    for (const mapping of mappings) {
      const evaluation = evaluate(mapping.source, { ...context, ...result });
      if (!evaluation.ok) return evaluation;
      const [root, ...path] = mapping.target.split('.');
      if (path.length === 0) {
        setOwn(result, root!, evaluation.value);
        continue;
      }
      const base = ownValue(result, root!) ?? ownValue(context, root!);
      const copy = isObject(base) ? structuredClone(base) : {};
      setPath(copy, path, evaluation.value);
      setOwn<unknown>(result, root!, copy);
    }
    return { ok: true, value: result };
  }

  private write(ctx: InstanceContext, scopeKey: string, name: string, value: unknown): void {
    const scope = (ctx.state.variables[scopeKey] ??= {});
    const existing = ownValue(scope, name);
    const json = value === undefined ? null : value;
    const recordValue = {
      name,
      value: JSON.stringify(json),
      scopeKey,
      processDefinitionKey: ctx.state.processDefinitionKey,
    };
    if (existing) {
      if (JSON.stringify(existing.value) === recordValue.value) return;
      existing.value = json;
      ctx.record('VARIABLE', 'UPDATED', existing.key, recordValue);
      return;
    }
    const key = ctx.newKey();
    setOwn(scope, name, { key, value: json });
    ctx.record('VARIABLE', 'CREATED', key, recordValue);
  }
}

/**
 * The variable `name` stored in scope `scopeKey`, if any. Looks at own properties only:
 * names such as `constructor` or `toString` are ordinary variables, never Object.prototype's.
 */
export function variableEntry(
  state: InstanceState,
  scopeKey: string,
  name: string,
): VariableEntry | undefined {
  const scope = ownValue(state.variables, scopeKey);
  return scope ? ownValue(scope, name) : undefined;
}

/** `target[name]` when `target` has it as an own property; never the prototype chain's. */
export function ownValue<T>(target: Record<string, T>, name: string): T | undefined {
  return Object.hasOwn(target, name) ? target[name] : undefined;
}

/**
 * Sets `target[name]` as an own data property, whatever the name: `__proto__` becomes a
 * property rather than replacing the prototype.
 */
export function setOwn<T>(target: Record<string, T>, name: string, value: T): void {
  Object.defineProperty(target, name, {
    value,
    writable: true,
    enumerable: true,
    configurable: true,
  });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function setPath(target: Record<string, unknown>, path: string[], value: unknown): void {
  let current = target;
  for (const segment of path.slice(0, -1)) {
    const next = ownValue(current, segment);
    const child = isObject(next) ? next : {};
    setOwn(current, segment, child);
    current = child;
  }
  setOwn(current, path[path.length - 1]!, value);
}
