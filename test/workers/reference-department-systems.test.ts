import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { DepartmentAnswer } from '../../workers/departments/department-system.ts';
import { housingFundMigrations } from '../../workers/departments/housing-fund/housing-fund-migrations.ts';
import type { HousingFundRequest } from '../../workers/departments/housing-fund/housing-fund-system.ts';
import { ReferenceHousingFundSystem } from '../../workers/departments/housing-fund/reference-housing-fund-system.ts';
import { medicalMigrations } from '../../workers/departments/medical/medical-migrations.ts';
import type { MedicalRequest } from '../../workers/departments/medical/medical-system.ts';
import { ReferenceMedicalSystem } from '../../workers/departments/medical/reference-medical-system.ts';
import { ReferenceTaxSystem } from '../../workers/departments/tax/reference-tax-system.ts';
import { taxMigrations } from '../../workers/departments/tax/tax-migrations.ts';
import type { ContributionRequest } from '../../workers/departments/tax/tax-system.ts';
import { databaseTargets, openTestDatabase, type TestDatabase } from '../support/databases.ts';
import { clearTables, countOf } from './support/records.ts';
import {
  itemRequestOf,
  referenceData,
  syntheticApplication,
  testClock,
  type SyntheticApplication,
} from './support/synthetic-applications.ts';

interface RuleCase {
  name: string;
  application: () => SyntheticApplication;
  /** An application of the same person decided first. */
  before?: () => SyntheticApplication;
  /** Part of the reason expected; absent → approved. */
  refused?: string;
  /** Details the approval must carry. */
  details?: Record<string, unknown>;
}

const person = (options: Parameters<typeof syntheticApplication>[0] = {}) =>
  syntheticApplication({ seed: 5, ...options });

const medicalCases: RuleCase[] = [
  {
    name: 'a self-employed resident of Shandong enrolls',
    application: person,
    details: { category: 'self-employed', insuranceStartMonth: '2026-03' },
  },
  {
    name: 'a part-time worker without employer insurance enrolls',
    application: () =>
      person({
        change: (form) => void (form.medical!.category = 'part-time-without-employer-medical'),
      }),
  },
  {
    name: 'someone who does not live in Shandong is refused',
    application: () => person({ change: (form) => void (form.medical!.livesInShandong = false) }),
    refused: '非山东省常住人员',
  },
  {
    name: 'someone enrolled already is refused',
    before: person,
    application: person,
    refused: '已参加基本医疗保险',
  },
];

// 2026: average monthly wage 7580 (sample) → base 4548 to 22740; pension 20 %, medical 9 %.
const taxCases: RuleCase[] = [
  {
    name: 'the minimum base is assessed monthly',
    application: person,
    details: {
      pensionBase: 4548,
      pensionMonthly: 909.6,
      medicalMonthly: 409.32,
      monthlyAmount: 1318.92,
      paymentFrequency: 'monthly',
      amountPerPayment: 1318.92,
    },
  },
  {
    name: 'a higher base paid quarterly is assessed per quarter',
    application: () =>
      person({
        change: (form) => {
          form.contribution!.pensionBase = 10000;
          form.contribution!.paymentFrequency = 'quarterly';
        },
      }),
    details: {
      pensionMonthly: 2000,
      medicalMonthly: 900,
      monthlyAmount: 2900,
      amountPerPayment: 8700,
    },
  },
  {
    name: 'a base below 60 % of the average wage is refused',
    application: () =>
      person({ validate: false, change: (form) => void (form.contribution!.pensionBase = 4000) }),
    refused: '缴费基数应在 4548 元至 22740 元之间（2026 年度标准）',
  },
  {
    name: 'a base above 300 % of the average wage is refused',
    application: () =>
      person({ validate: false, change: (form) => void (form.contribution!.pensionBase = 30000) }),
    refused: '缴费基数应在 4548 元至 22740 元之间',
  },
  {
    name: 'a second declaration by the same person is refused',
    before: person,
    application: person,
    refused: '已办理灵活就业人员社会保险费申报',
  },
];

// Jinan 2026: deposit base 2400 to 33902; ratio 10 % to 24 %.
const housingFundCases: RuleCase[] = [
  {
    name: 'an account is opened at the minimum base and 12 %',
    application: person,
    details: { depositBase: 2400, depositRatio: 12, monthlyDeposit: 288 },
  },
  {
    name: 'someone with an active account is refused',
    before: person,
    application: person,
    refused: '已有正常缴存状态的住房公积金个人账户',
  },
  {
    name: 'a base above the city maximum is refused',
    application: () =>
      person({ validate: false, change: (form) => void (form.housingFund!.depositBase = 40000) }),
    refused: '缴存基数应在 2400 元至 33902 元之间',
  },
  {
    name: 'a ratio above 24 % is refused',
    application: () =>
      person({ validate: false, change: (form) => void (form.housingFund!.depositRatio = 25) }),
    refused: '缴存比例应为 10% 至 24% 之间的整数',
  },
];

describe.each(databaseTargets)('the reference department systems on $name', (target) => {
  describe('medical insurance', () => {
    let database: TestDatabase;
    beforeAll(async () => {
      database = await openTestDatabase(target, medicalMigrations);
    });
    afterAll(() => database.drop());

    it.each(medicalCases)('$name', async (rule) => {
      await clearTables(database, ['medical_enrollments']);
      const medical = new ReferenceMedicalSystem(database.db, options());
      const submit = (application: SyntheticApplication) =>
        medical.enroll(itemRequestOf(application, 'medical-enrollment') as MedicalRequest);
      await expectRule(rule, submit, /^YB3701002026\d{6}$/, 'medicalEnrollmentNumber');
    });
  });

  describe.each(['tax', 'tax-qingdao'] as const)('the %s bureau', (bureau) => {
    let database: TestDatabase;
    beforeAll(async () => {
      database = await openTestDatabase(target, taxMigrations);
    });
    afterAll(() => database.drop());

    it.each(taxCases)('$name', async (rule) => {
      await clearTables(database, ['contribution_assessments']);
      const tax = new ReferenceTaxSystem(database.db, { ...options(), department: bureau });
      const submit = (application: SyntheticApplication) =>
        tax.declareContributions(
          itemRequestOf(application, 'contribution-declaration') as ContributionRequest,
        );
      await expectRule(rule, submit, /^SF3701002026\d{6}$/, 'assessmentNumber');
    });
  });

  describe('the housing fund centre', () => {
    let database: TestDatabase;
    beforeAll(async () => {
      database = await openTestDatabase(target, housingFundMigrations);
    });
    afterAll(() => database.drop());

    const openAccount = (centre: ReferenceHousingFundSystem, application: SyntheticApplication) =>
      centre.openAccount(itemRequestOf(application, 'housing-fund-account') as HousingFundRequest);

    it.each(housingFundCases)('$name', async (rule) => {
      await clearTables(database, ['housing_fund_accounts']);
      const centre = new ReferenceHousingFundSystem(database.db, options());
      await expectRule(
        rule,
        (a) => openAccount(centre, a),
        /^GJJ3701002026\d{6}$/,
        'accountNumber',
      );
    });

    it('opens a new account for someone whose old account is sealed', async () => {
      // given the person's old account, sealed
      await clearTables(database, ['housing_fund_accounts']);
      const centre = new ReferenceHousingFundSystem(database.db, options());
      await openAccount(centre, person());
      await database.db('housing_fund_accounts').update({ state: 'sealed' });

      // when they apply again
      const answer = await openAccount(centre, person());

      // then a second account is opened beside the sealed one
      expect(answer).toMatchObject({ state: 'decided', result: { outcome: 'approved' } });
      expect(await countOf(database, 'housing_fund_accounts')).toBe(2);
    });
  });
});

// helpers ------------------------------------------------------------------

function options() {
  return { reference: referenceData, review: false, clock: testClock };
}

async function expectRule(
  rule: RuleCase,
  submit: (application: SyntheticApplication) => Promise<DepartmentAnswer>,
  numberPattern: RegExp,
  numberField: string,
): Promise<void> {
  // given the person's earlier application, if the case has one
  if (rule.before) {
    expect(await submit(rule.before())).toMatchObject({ result: { outcome: 'approved' } });
  }

  // when the item is handed to the department
  const answer = await submit(rule.application());

  // then it is decided at once, with the reason in Chinese or the details issued
  if (answer.state !== 'decided') throw new Error('expected a decision at once');
  if (rule.refused) {
    expect(answer.result).toMatchObject({ outcome: 'rejected' });
    expect(answer.result.reason).toContain(rule.refused);
    return;
  }
  expect(answer.result).toMatchObject({ outcome: 'approved', details: rule.details ?? {} });
  expect(answer.result.details?.[numberField]).toMatch(numberPattern);
}
