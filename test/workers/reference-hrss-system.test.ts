import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { ItemCode } from '../../bpmn/process-contract.ts';
import { WorkerError } from '../../workers/errors.ts';
import type { DepartmentAnswer } from '../../workers/departments/department-system.ts';
import { hrssMigrations } from '../../workers/departments/hrss/hrss-migrations.ts';
import type { CardRequest } from '../../workers/departments/hrss/hrss-system.ts';
import { ReferenceHrssSystem } from '../../workers/departments/hrss/reference-hrss-system.ts';
import { databaseTargets, openTestDatabase, type TestDatabase } from '../support/databases.ts';
import { SAMPLE_PHOTO } from './support/in-memory-application-source.ts';
import { clearTables, countOf } from './support/records.ts';
import {
  itemRequestOf,
  referenceData,
  syntheticApplication,
  testClock,
  type SyntheticApplication,
} from './support/synthetic-applications.ts';

type HrssItem = Exclude<
  ItemCode,
  'medical-enrollment' | 'contribution-declaration' | 'housing-fund-account'
>;

interface RuleCase {
  name: string;
  item: HrssItem;
  application: () => SyntheticApplication;
  /** An application of the same person decided first. */
  before?: () => SyntheticApplication;
  /** Part of the reason expected; absent → approved. */
  refused?: string;
}

const man = (options: Parameters<typeof syntheticApplication>[0] = {}) =>
  syntheticApplication({ seed: 1, ...options });

const cases: RuleCase[] = [
  { name: 'a man of 36 enrolls in the pension', item: 'pension-enrollment', application: man },
  {
    name: 'a man past retirement age (born 1965-01, retired 2025-02) may not enroll',
    item: 'pension-enrollment',
    application: () => man({ birthDate: '1965-01-15' }),
    refused: '已达到法定退休年龄（2025-02）',
  },
  {
    name: 'a woman whose original retirement age is not set may not enroll',
    item: 'pension-enrollment',
    application: () =>
      syntheticApplication({
        sex: 'female',
        validate: false,
        change: (form) => delete form.applicant.retirementBase,
      }),
    refused: '原法定退休年龄',
  },
  {
    name: 'someone under 16 at the start month may not enroll',
    item: 'pension-enrollment',
    application: () => man({ birthDate: '2010-06-01', validate: false }),
    refused: '未满16周岁',
  },
  {
    name: 'someone already enrolled may not enroll again',
    item: 'pension-enrollment',
    before: man,
    application: man,
    refused: '已参加职工基本养老保险',
  },
  { name: 'a first card application is accepted', item: 'social-security-card', application: man },
  {
    name: 'someone who applied for a card before may not apply again',
    item: 'social-security-card',
    before: man,
    application: man,
    refused: '已申领过社会保障卡',
  },
  {
    name: 'an expired identity document is refused',
    item: 'social-security-card',
    application: () =>
      man({ validate: false, change: (form) => void (form.card!.idValidTo = '2026-01-31') }),
    refused: '身份证件已过有效期',
  },
  {
    name: 'a bank that does not issue cards in the city is refused',
    item: 'social-security-card',
    application: () =>
      man({ validate: false, change: (form) => void (form.card!.bankCode = 'bank-of-qingdao') }),
    refused: '不是本市社会保障卡合作银行',
  },
  { name: 'an archive moves to the county of work', item: 'archive-transfer', application: man },
  {
    name: 'an archive may not move outside Shandong',
    item: 'archive-transfer',
    application: () =>
      man({
        validate: false,
        change: (form) => void (form.archive!.receivingInstitution.divisionCode = '110101'),
      }),
    refused: '山东省内',
  },
  {
    name: 'by place of work, the receiving service must be in the city of application',
    item: 'archive-transfer',
    application: () =>
      man({
        validate: false,
        change: (form) => void (form.archive!.receivingInstitution.divisionCode = '370202'),
      }),
    refused: '灵活就业所在市',
  },
  {
    name: 'an archive already at the receiving institution needs no transfer',
    item: 'archive-transfer',
    application: () =>
      man({
        validate: false,
        change: (form) =>
          void (form.archive!.currentInstitution = form.archive!.receivingInstitution.name),
      }),
    refused: '无需转递',
  },
  {
    name: 'a second transfer waits for the open one',
    item: 'archive-transfer',
    before: man,
    application: man,
    refused: '正在办理的档案转递',
  },
  { name: 'a working adult registers', item: 'employment-registration', application: man },
  {
    name: 'someone unable to work may not register',
    item: 'employment-registration',
    application: () => man({ change: (form) => void (form.employment!.ableToWork = false) }),
    refused: '不具备劳动能力',
  },
  {
    name: 'someone not yet working may not register',
    item: 'employment-registration',
    application: () => man({ change: (form) => void (form.employment!.working = false) }),
    refused: '尚未从事灵活就业',
  },
  {
    name: 'someone under 16 today may not register',
    item: 'employment-registration',
    application: () => man({ birthDate: '2010-06-01', validate: false }),
    refused: '未满16周岁',
  },
  {
    name: 'a woman (55) born 1971-04 retires 2026-08 and may still register',
    item: 'employment-registration',
    application: () =>
      syntheticApplication({ sex: 'female', retirementBase: 'female-55', birthDate: '1971-04-02' }),
  },
  {
    name: 'a woman (50) born 1975-03 retired 2025-05 and may not register',
    item: 'employment-registration',
    application: () =>
      syntheticApplication({ sex: 'female', retirementBase: 'female-50', birthDate: '1975-03-02' }),
    refused: '已达到法定退休年龄（2025-05）',
  },
  {
    name: 'someone registered before may not register again',
    item: 'employment-registration',
    before: man,
    application: man,
    refused: '已办理灵活就业登记',
  },
];

describe.each(databaseTargets)('the reference HRSS system on $name', (target) => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await openTestDatabase(target, hrssMigrations);
  });
  afterAll(() => database.drop());

  const system = (review = false) =>
    new ReferenceHrssSystem(database.db, { reference: referenceData, review, clock: testClock });

  it.each(cases)('$name', async ({ item, application, before, refused }) => {
    // given a fresh set of records, and the person's earlier application if any
    await clearRecords(database);
    const hrss = system();
    if (before) expectApproved(await submit(hrss, before(), item));

    // when the item is handed to HRSS
    const answer = await submit(hrss, application(), item);

    // then it is decided at once, approved or refused with the reason in Chinese
    if (refused) {
      expect(answer).toMatchObject({ state: 'decided', result: { item, outcome: 'rejected' } });
      expect(answer.state === 'decided' && answer.result.reason).toContain(refused);
    } else {
      expectApproved(answer);
    }
  });

  it('issues numbers of the city and year, and card details without personal data', async () => {
    // given a Jinan applicant who asks for the card to be mailed
    await clearRecords(database);
    const application = man();

    // when HRSS enrolls them and accepts the card
    const pension = await submit(system(), application, 'pension-enrollment');
    const card = await submit(system(), application, 'social-security-card');

    // then the numbers name Jinan and 2026, and the card details name the bank only
    expect(pension).toMatchObject({
      result: {
        details: { enrollmentNumber: 'YL3701002026000001', insuranceStartMonth: '2026-03' },
      },
    });
    expect(card).toMatchObject({
      result: {
        details: {
          cardApplicationNumber: 'SB3701002026000001',
          bankCode: application.form.card!.bankCode,
          delivery: 'mail',
        },
        decidedAt: '2026-03-10T10:00:00+08:00',
      },
    });
    const photo = await database.db('card_photos').first('content_type', 'sha256');
    expect(photo).toMatchObject({ content_type: 'image/png' });
  });

  it('answers the same request twice with the first answer and one registration', async () => {
    // given an application handed over once
    await clearRecords(database);
    const application = man();
    const first = await submit(system(), application, 'pension-enrollment');

    // when the same request arrives again, and twice more at the same moment
    const again = await submit(system(), application, 'pension-enrollment');
    const racing = await Promise.all([
      submit(system(), application, 'pension-enrollment'),
      submit(system(), application, 'pension-enrollment'),
    ]);

    // then every answer is the first one and one enrollment exists
    expect(again).toEqual(first);
    expect(racing).toEqual([first, first]);
    expect(await countOf(database, 'pension_enrollments')).toBe(1);
  });

  it('queues accepted requests for review and keeps each decision until delivered', async () => {
    // given HRSS reviewing every accepted request
    await clearRecords(database);
    const hrss = system(true);
    const approved = man();
    const refused = syntheticApplication({ seed: 2 });

    // when two requests arrive, then both wait for a person
    expect(await submit(hrss, approved, 'employment-registration')).toEqual({ state: 'pending' });
    expect(await submit(hrss, refused, 'employment-registration')).toEqual({ state: 'pending' });
    expect((await hrss.desk.pendingReviews()).map((pending) => pending.applicationId)).toEqual([
      approved.applicationId,
      refused.applicationId,
    ]);

    // when the reviewer approves one and refuses the other
    const yes = await hrss.desk.approve(approved.applicationId, 'employment-registration', 'r1');
    const no = await hrss.desk.reject(
      refused.applicationId,
      'employment-registration',
      '材料不全',
      'r1',
    );

    // then both decisions wait for delivery, and the request again answers the decision
    expect(yes).toMatchObject({
      outcome: 'approved',
      details: { registrationNumber: expect.any(String) },
    });
    expect(no).toMatchObject({ outcome: 'rejected', reason: '材料不全' });
    expect(await hrss.undeliveredDecisions(10)).toEqual([
      { applicationId: approved.applicationId, result: yes },
      { applicationId: refused.applicationId, result: no },
    ]);
    expect(await submit(hrss, approved, 'employment-registration')).toEqual({
      state: 'decided',
      result: yes,
    });

    // when one is delivered, then only the other remains
    await hrss.markDelivered(approved.applicationId, 'employment-registration');
    expect(await hrss.undeliveredDecisions(10)).toEqual([
      { applicationId: refused.applicationId, result: no },
    ]);
  });

  it('refuses at once under review when a rule refuses, and rejects bad review actions', async () => {
    // given HRSS under review and a person too young to register
    await clearRecords(database);
    const hrss = system(true);
    const young = man({ birthDate: '2010-06-01', validate: false });

    // when the request arrives, then it is refused without waiting for a person
    const answer = await submit(hrss, young, 'employment-registration');
    expect(answer).toMatchObject({ state: 'decided', result: { outcome: 'rejected' } });
    expect(await hrss.undeliveredDecisions(10)).toEqual([]);

    // and a review of a request not pending, or without a reason, is refused
    await expect(
      hrss.desk.approve(young.applicationId, 'employment-registration', 'r1'),
    ).rejects.toMatchObject({
      code: 'REVIEW_NOT_PENDING',
    });
    await submit(hrss, man(), 'employment-registration');
    await expect(
      hrss.desk.reject(man().applicationId, 'employment-registration', ' ', 'r1'),
    ).rejects.toMatchObject({ code: 'REVIEW_REASON_REQUIRED' });
  });

  it('mails an approved card once and refuses to mail one not approved', async () => {
    // given an approved card to be mailed, and an application with no card
    await clearRecords(database);
    const hrss = system();
    const application = man();
    await submit(hrss, application, 'social-security-card');
    const request = itemRequestOf(application, 'social-security-card') as CardRequest;

    // when it is mailed twice
    const first = await hrss.mailCard(request);
    const second = await hrss.mailCard(request);

    // then one mailing exists with one tracking number
    expect(first.trackingNumber).toBe('EMS3701002026000001');
    expect(second).toEqual(first);
    const unknown = itemRequestOf(man({ seed: 3 }), 'social-security-card') as CardRequest;
    await expect(hrss.mailCard(unknown)).rejects.toMatchObject({ code: 'CARD_NOT_APPROVED' });
    await expect(hrss.mailCard(unknown)).rejects.toBeInstanceOf(WorkerError);
  });
});

// helpers ------------------------------------------------------------------

function submit(
  hrss: ReferenceHrssSystem,
  application: SyntheticApplication,
  item: HrssItem,
): Promise<DepartmentAnswer> {
  const request = itemRequestOf(application, item);
  switch (item) {
    case 'pension-enrollment':
      return hrss.enrollPension(request);
    case 'social-security-card':
      return hrss.applyForCard(request as CardRequest, SAMPLE_PHOTO);
    case 'archive-transfer':
      return hrss.transferArchive(request as Parameters<typeof hrss.transferArchive>[0]);
    case 'employment-registration':
      return hrss.registerEmployment(request as Parameters<typeof hrss.registerEmployment>[0]);
  }
}

function expectApproved(answer: DepartmentAnswer): void {
  expect(answer).toMatchObject({ state: 'decided', result: { outcome: 'approved' } });
}

async function clearRecords(database: TestDatabase): Promise<void> {
  await clearTables(database, [
    'pension_enrollments',
    'card_applications',
    'card_photos',
    'card_mailings',
    'archive_transfers',
    'employment_registrations',
  ]);
}
