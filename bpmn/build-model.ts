import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { format, resolveConfig } from 'prettier';

import { toBpmnXml } from './build/bpmn-xml.ts';
import { departmentSteps, elementTemplate, templateFileName } from './build/element-templates.ts';
import { buildProvincialProcess } from './build/provincial-process.ts';

/**
 * Generates the shipped artefacts from `bpmn/build/`: the provincial model
 * `flexible-employment-insurance.bpmn` (with its computed layout) and one element template
 * per department step in `templates/`. The committed files are what ships; a test checks
 * they match what this script generates.
 *
 *   npx tsx bpmn/build-model.ts
 */

export const MODEL_FILE = 'flexible-employment-insurance.bpmn';

const bpmnDir = dirname(fileURLToPath(import.meta.url));

/** Every generated file, by path relative to `bpmn/`, with its content (JSON as Prettier writes it). */
export async function generatedFiles(): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  files.set(MODEL_FILE, toBpmnXml(buildProvincialProcess()));
  const prettierOptions = await resolveConfig(join(bpmnDir, 'templates', 'template.json'));
  for (const step of departmentSteps()) {
    const json = JSON.stringify(elementTemplate(step));
    const formatted = await format(json, { ...prettierOptions, parser: 'json' });
    files.set(join('templates', templateFileName(step)), formatted);
  }
  return files;
}

async function main(): Promise<void> {
  for (const [path, content] of await generatedFiles()) {
    const target = join(bpmnDir, path);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, content, 'utf8');
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
