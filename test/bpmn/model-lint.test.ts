import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { generatedFiles } from '../../bpmn/build-model.ts';
import { lintModel } from './support/lint-model.ts';
import { bpmnDir, loadModel, modelPath } from './support/provincial-model.ts';

describe('the provincial model as a deployable file', () => {
  it('has no lint errors under bpmnlint recommended and camunda-compat for Camunda 8.8', async () => {
    // given
    const xml = await readFile(modelPath, 'utf8');

    // when
    const reports = await lintModel(xml);

    // then
    expect(reports.filter((report) => report.category !== 'warn')).toEqual([]);
  });

  it('warns only that every item has its own department-result message', async () => {
    // given: Zeebe keeps the correlation key on the message, so each item's receive task
    // needs a message of its own, all named department-result
    const xml = await readFile(modelPath, 'utf8');

    // when
    const warnings = (await lintModel(xml)).filter((report) => report.category === 'warn');

    // then
    expect(warnings.map((warning) => `${warning.rule} ${warning.id}`).sort()).toEqual(
      [
        'ArchiveTransfer',
        'ContributionDeclaration',
        'EmploymentRegistration',
        'HousingFundAccount',
        'MedicalEnrollment',
        'PensionEnrollment',
        'SocialSecurityCard',
      ].map((item) => `global Message_${item}Result`),
    );
  });

  it('imports into bpmn-moddle with the Zeebe extension without warnings', async () => {
    // when
    const model = await loadModel();

    // then
    expect(model.warnings).toEqual([]);
  });

  it('is exactly what bpmn/build-model.ts generates, as are the element templates', async () => {
    // given
    const files = await generatedFiles();

    // when
    const stale: string[] = [];
    for (const [path, content] of files) {
      const committed = await readFile(join(bpmnDir, path), 'utf8').catch(() => undefined);
      if (committed !== content) stale.push(path);
    }

    // then: regenerate with `npx tsx bpmn/build-model.ts` after changing bpmn/build/
    expect(stale).toEqual([]);
  });
});
