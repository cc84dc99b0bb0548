import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';

import { createModdle } from './provincial-model.ts';

/**
 * Lints BPMN XML with bpmnlint and the project's `.bpmnlintrc` (bpmnlint's recommended
 * rules and camunda-compat for Camunda Cloud 8.8), as `npx bpmnlint` would.
 */

export interface LintReport {
  rule: string;
  id: string;
  message: string;
  category: 'error' | 'warn' | 'info' | 'rule-error';
}

interface BpmnLinter {
  lint(definitions: unknown): Promise<Record<string, Omit<LintReport, 'rule'>[]>>;
}

// bpmnlint is CommonJS without type declarations for its entry points.
const require = createRequire(import.meta.url);
const { Linter } = require('bpmnlint') as {
  Linter: new (options: { config: unknown; resolver: unknown }) => BpmnLinter;
};
const NodeResolver = require('bpmnlint/lib/resolver/node-resolver') as new () => unknown;

export const lintConfigPath = join(import.meta.dirname, '..', '..', '..', '.bpmnlintrc');

export async function lintModel(xml: string): Promise<LintReport[]> {
  const config: unknown = JSON.parse(await readFile(lintConfigPath, 'utf8'));
  const { rootElement, warnings } = await createModdle().fromXML(xml);
  if (warnings.length > 0) throw new Error(`model import warnings: ${warnings.join('; ')}`);

  const linter = new Linter({ config, resolver: new NodeResolver() });
  const reports = await linter.lint(rootElement);
  return Object.entries(reports).flatMap(([rule, list]) =>
    list.map((report) => ({ rule, ...report })),
  );
}
