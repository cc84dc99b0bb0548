import { readFile } from 'node:fs/promises';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import {
  PROCESS_ID,
  itemCodes,
  items,
  jobTypes,
  resultVariables,
  type ItemCode,
  type ItemResult,
  type StartVariables,
} from '../../bpmn/process-contract.ts';
import { TestClock, engineMigrations, openEngine, type OpenedEngine } from '../../engine/index.ts';
import { databaseTargets, openTestDatabase, type TestDatabase } from '../support/databases.ts';
import { modelPath } from './support/provincial-model.ts';
import {
  type DepartmentAnswer,
  StubDepartments,
  stubDeadline,
} from './support/stub-departments.ts';

const receivedAt = '2026-02-14T09:00:00+08:00';

// A whole application is about a hundred element instances and twenty jobs on a shared
// 2-core machine: give each run room beyond the default test timeout.
const runOptions = { timeout: 120_000 };

describe.each(databaseTargets)(
  'the provincial model on the embedded engine ($name)',
  runOptions,
  (target) => {
    let database: TestDatabase;
    let clock: TestClock;
    let engine: OpenedEngine;

    beforeEach(async () => {
      database = await openTestDatabase(target, engineMigrations);
      clock = new TestClock(receivedAt);
      engine = await openEngine({ db: database.db, clock });
      await engine.deploy({
        resources: [
          { name: 'flexible-employment-insurance.bpmn', content: await readFile(modelPath) },
        ],
      });
    });

    afterEach(async () => {
      await engine.close();
      await database.drop();
    });

    async function start(
      variables: Partial<StartVariables> & { applicationId: string },
    ): Promise<string> {
      const startVariables: StartVariables = {
        city: '370100',
        items: itemCodes,
        taxDepartment: 'tax',
        mailCard: true,
        receivedAt,
        ...variables,
      };
      const created = await engine.createProcessInstance({
        bpmnProcessId: PROCESS_ID,
        variables: { ...startVariables },
      });
      return created.processInstanceKey;
    }

    async function completed(processInstanceKey: string): Promise<boolean> {
      const records = await engine.records({
        processInstanceKey,
        valueType: 'PROCESS_INSTANCE',
        limit: 10_000,
      });
      return records.some(
        (record) => record.bpmnElementType === 'PROCESS' && record.intent === 'ELEMENT_COMPLETED',
      );
    }

    async function incidents(processInstanceKey: string): Promise<unknown[]> {
      const records = await engine.records({
        processInstanceKey,
        valueType: 'INCIDENT',
        limit: 10_000,
      });
      return records.map((record) => record.value);
    }

    function departments(answers: Partial<Record<ItemCode, DepartmentAnswer>> = {}) {
      return new StubDepartments(engine, () => clock.now(), answers);
    }

    /** The outcome each item's record-outcome job was given, by item. */
    function recordedOutcomes(stub: StubDepartments): Record<string, ItemResult> {
      return Object.fromEntries(
        stub
          .jobsOf(jobTypes.recordOutcome)
          .map((job) => [job.headers.item, job.variables.result as ItemResult]),
      );
    }

    it('completes all seven items in dependency order, notifies once and mails the card', async () => {
      // given
      const stub = departments();
      const instance = await start({ applicationId: 'SD-ALL-0001' });

      // when
      await stub.drain();

      // then
      expect(await incidents(instance)).toEqual([]);
      expect(await completed(instance)).toBe(true);
      const outcomes = recordedOutcomes(stub);
      expect(Object.keys(outcomes).sort()).toEqual([...itemCodes].sort());
      for (const item of itemCodes) expect(outcomes[item]?.outcome, item).toBe('approved');

      const order = stub.handled.map((job) => `${job.type} ${job.headers.item ?? ''}`.trim());
      const recordOf = (item: ItemCode) => order.indexOf(`${jobTypes.recordOutcome} ${item}`);
      const submitOf = (item: ItemCode) => order.indexOf(`${items[item].submitJobType} ${item}`);
      expect(recordOf('pension-enrollment')).toBeLessThan(submitOf('social-security-card'));
      expect(recordOf('pension-enrollment')).toBeLessThan(submitOf('contribution-declaration'));
      expect(recordOf('medical-enrollment')).toBeLessThan(submitOf('contribution-declaration'));

      const [notification, ...again] = stub.jobsOf(jobTypes.notifyResults);
      expect(again).toEqual([]);
      for (const item of itemCodes) {
        expect(notification?.variables[resultVariables[item]], item).toMatchObject({ item });
      }
      expect(stub.jobsOf(jobTypes.mailCard)).toHaveLength(1);
      expect(stub.jobsOf(jobTypes.escalate)).toEqual([]);
    });

    it('skips the items not chosen and mails nothing without a card', async () => {
      // given
      const stub = departments();
      const instance = await start({
        applicationId: 'SD-SUBSET-0001',
        items: ['archive-transfer', 'housing-fund-account'],
      });

      // when
      await stub.drain();

      // then
      expect(await completed(instance)).toBe(true);
      const submitted = stub.handled
        .filter((job) => job.type.endsWith('.submit'))
        .map((job) => job.headers.item);
      expect(submitted.sort()).toEqual(['archive-transfer', 'housing-fund-account']);
      expect(Object.keys(recordedOutcomes(stub)).sort()).toEqual([
        'archive-transfer',
        'housing-fund-account',
      ]);
      expect(stub.jobsOf(jobTypes.notifyResults)).toHaveLength(1);
      expect(stub.jobsOf(jobTypes.mailCard)).toEqual([]);
    });

    it('ends a refused item with its reason while the others, the card included, finish', async () => {
      // given: HRSS refuses pension enrollment at once; the fund centre rejects after review
      const stub = departments({
        'pension-enrollment': { kind: 'refuse', reason: '已在职工养老保险参保' },
        'housing-fund-account': { kind: 'reject-after-review', reason: '已有正常缴存的个人账户' },
      });
      const instance = await start({ applicationId: 'SD-REJECT-0001' });

      // when
      await stub.drain();

      // then
      expect(await incidents(instance)).toEqual([]);
      expect(await completed(instance)).toBe(true);
      const outcomes = recordedOutcomes(stub);
      expect(outcomes['pension-enrollment']).toMatchObject({
        outcome: 'rejected',
        reason: '已在职工养老保险参保',
      });
      expect(outcomes['housing-fund-account']).toMatchObject({
        outcome: 'rejected',
        reason: '已有正常缴存的个人账户',
      });
      // the declaration needs pension enrollment: see the next scenario
      for (const item of itemCodes.filter(
        (code) =>
          !['pension-enrollment', 'housing-fund-account', 'contribution-declaration'].includes(
            code,
          ),
      )) {
        expect(outcomes[item]?.outcome, item).toBe('approved');
      }
      expect(stub.jobsOf(jobTypes.mailCard)).toHaveLength(1);
    });

    it('rejects the contribution declaration without asking the tax department when pension enrollment is rejected', async () => {
      // given: HRSS rejects pension enrollment after review (past the statutory age)
      const pensionReason = '已达到法定退休年龄';
      const stub = departments({
        'pension-enrollment': { kind: 'reject-after-review', reason: pensionReason },
      });
      const instance = await start({ applicationId: 'SD-NOPENSION-0001' });

      // when
      await stub.drain();

      // then: the declaration ends rejected with the pension reason, and no tax job ran
      expect(await incidents(instance)).toEqual([]);
      expect(await completed(instance)).toBe(true);
      const outcomes = recordedOutcomes(stub);
      expect(outcomes['pension-enrollment']).toMatchObject({
        outcome: 'rejected',
        reason: pensionReason,
      });
      const declaration = outcomes['contribution-declaration'];
      expect(declaration).toMatchObject({
        item: 'contribution-declaration',
        outcome: 'rejected',
        reason: `养老保险参保登记未通过（${pensionReason}），不能申报社会保险费`,
      });
      expect(Number.isNaN(Date.parse(declaration?.decidedAt ?? ''))).toBe(false);
      expect(declaration).not.toHaveProperty('details');
      const taxJobs = stub.handled.filter((job) => job.headers.department?.startsWith('tax'));
      expect(taxJobs).toEqual([]);
      expect(stub.jobsOf(jobTypes.deadline, 'contribution-declaration')).toEqual([]);

      // and: the other items finish, the card included, and the notification sees the refusal
      for (const item of itemCodes.filter(
        (code) => code !== 'pension-enrollment' && code !== 'contribution-declaration',
      )) {
        expect(outcomes[item]?.outcome, item).toBe('approved');
      }
      expect(stub.jobsOf(jobTypes.recordOutcome, 'contribution-declaration')).toHaveLength(1);
      const [notification] = stub.jobsOf(jobTypes.notifyResults);
      expect(notification?.variables[resultVariables['contribution-declaration']]).toEqual(
        declaration,
      );
      expect(stub.jobsOf(jobTypes.mailCard)).toHaveLength(1);
    });

    it('escalates a department that has not answered by the deadline, then completes the item', async () => {
      // given: the medical insurance department takes the request and stays silent
      const stub = departments({ 'medical-enrollment': { kind: 'silent' } });
      const instance = await start({ applicationId: 'SD-LATE-0001' });
      await stub.drain();
      expect(stub.jobsOf(jobTypes.escalate)).toEqual([]);

      // when: the deadline passes, then the department answers
      await clock.set(new Date(stubDeadline(receivedAt)).getTime() + 60_000);
      await stub.drain();
      const escalations = stub.jobsOf(jobTypes.escalate);
      await clock.advance(3600_000);
      await stub.publishResult('SD-LATE-0001', {
        item: 'medical-enrollment',
        outcome: 'approved',
        decidedAt: new Date(clock.now()).toISOString(),
      });
      await stub.drain();

      // then: one escalation, for that item only; the declaration that waited for it got a
      // deadline from the medical decision, so it was not escalated too
      expect(escalations.map((job) => job.headers.item)).toEqual(['medical-enrollment']);
      expect(stub.jobsOf(jobTypes.escalate)).toHaveLength(1);
      expect(await incidents(instance)).toEqual([]);
      expect(await completed(instance)).toBe(true);
      expect(recordedOutcomes(stub)['medical-enrollment']?.outcome).toBe('approved');
      const [declarationDeadline] = stub.jobsOf(jobTypes.deadline, 'contribution-declaration');
      expect(declarationDeadline?.variables.receivedAt).toBe(new Date(clock.now()).toISOString());
    });

    it('sends a Qingdao applicant’s contribution declaration to Qingdao’s tax bureau', async () => {
      // given
      const stub = departments();
      const instance = await start({
        applicationId: 'SD-QINGDAO-0001',
        city: '370200',
        taxDepartment: 'tax-qingdao',
        items: ['pension-enrollment', 'medical-enrollment', 'contribution-declaration'],
      });

      // when
      await stub.drain();

      // then
      expect(await completed(instance)).toBe(true);
      const declarations = stub.handled.filter(
        (job) => job.headers.item === 'contribution-declaration',
      );
      expect(declarations.filter((job) => job.type.endsWith('.submit'))).toMatchObject([
        { type: jobTypes.qingdaoContributionDeclaration, headers: { department: 'tax-qingdao' } },
      ]);
      expect(recordedOutcomes(stub)['contribution-declaration']?.outcome).toBe('approved');
    });
  },
);
