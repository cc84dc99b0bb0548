import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import type { ItemCode } from '../../bpmn/process-contract.ts';
import { startDecisionRelay } from '../../workers/departments/decision-relay.ts';
import type { DepartmentAnswer } from '../../workers/departments/department-system.ts';
import type {
  MedicalRequest,
  MedicalSystem,
} from '../../workers/departments/medical/medical-system.ts';
import { medicalMigrations } from '../../workers/departments/medical/medical-migrations.ts';
import { medicalWorkers } from '../../workers/departments/medical/medical-workers.ts';
import { ReferenceMedicalSystem } from '../../workers/departments/medical/reference-medical-system.ts';
import { zeebeResultPublisher } from '../../workers/departments/result-publisher.ts';
import { WorkerError } from '../../workers/errors.ts';
import { startWorkers, type RunningWorkers } from '../../workers/index.ts';
import { startJobWorker, type RunningJobWorker } from '../../workers/jobs/job-worker.ts';
import { eventually, gatewayTargets } from '../gateway/gateway-harness.ts';
import { openTestDatabase, type TestDatabase } from '../support/databases.ts';
import { countOf } from './support/records.ts';
import { referenceData, syntheticApplication } from './support/synthetic-applications.ts';
import { openWorkersUnderTest, type WorkersUnderTest } from './support/workers-on-engine.ts';

/**
 * Medical insurance's system as a test drives it: the reference system behind a switch that
 * makes it fail like a system that is down, and a hook run before each call.
 */
class SwitchedMedicalSystem implements MedicalSystem {
  calls = 0;
  failuresLeft = 0;
  down = false;
  beforeCall?: (call: number) => Promise<void>;

  constructor(private readonly inner: ReferenceMedicalSystem) {}

  async enroll(request: MedicalRequest): Promise<DepartmentAnswer> {
    this.calls += 1;
    await this.beforeCall?.(this.calls);
    if (this.down || this.failuresLeft > 0) {
      this.failuresLeft -= 1;
      throw new WorkerError('DEPARTMENT_UNAVAILABLE', 'connect ECONNREFUSED（测试）');
    }
    return this.inner.enroll(request);
  }

  undeliveredDecisions(limit: number) {
    return this.inner.undeliveredDecisions(limit);
  }

  markDelivered(applicationId: string, item: ItemCode) {
    return this.inner.markDelivered(applicationId, item);
  }
}

const medicalOnly = (seed: number) => syntheticApplication({ seed, items: ['medical-enrollment'] });

describe.each(gatewayTargets)('department faults through the SDK ($name)', (target) => {
  let under: WorkersUnderTest;
  let province: RunningWorkers;
  let database: TestDatabase;
  let running: { stop(): Promise<void> }[] = [];

  beforeAll(async () => {
    under = await openWorkersUnderTest(target);
    province = await startWorkers(under.environment(), ['province']);
  });

  afterEach(async () => {
    for (const part of running.reverse()) await part.stop();
    running = [];
    await database?.drop();
  });

  afterAll(async () => {
    await province?.stop();
    await under?.stop();
  });

  /** Medical's reference system (reviewing or not) behind the switch, with its worker running. */
  async function medicalDepartment(options: { review?: boolean; jobTimeoutMs?: number } = {}) {
    database = await openTestDatabase(target.database ?? { name: 'pglite' }, medicalMigrations);
    const reference = new ReferenceMedicalSystem(database.db, {
      reference: referenceData,
      review: options.review ?? false,
    });
    const system = new SwitchedMedicalSystem(reference);
    const publisher = zeebeResultPublisher(under.zeebe, 600_000);
    const [definition] = medicalWorkers(system, { source: under.store, publisher });
    const jobKeys = new Set<string>();
    const worker: RunningJobWorker = startJobWorker(
      under.zeebe,
      {
        ...definition!,
        handle: (job, logger) => {
          jobKeys.add(job.key);
          return definition!.handle(job, logger);
        },
      },
      { logger: under.logger, retryBackOffMs: 100, timeoutMs: options.jobTimeoutMs ?? 30_000 },
    );
    const relay = startDecisionRelay(system, publisher, { logger: under.logger, intervalMs: 100 });
    running.push(worker, relay);
    return { system, reference, jobKeys };
  }

  const outcomeOf = (applicationId: string) =>
    under.store.outcomes.get(`${applicationId}:medical-enrollment`);

  it('completes the item when the system fails three times and then recovers', async () => {
    // given a system that fails the first three calls
    const { system } = await medicalDepartment();
    system.failuresLeft = 3;

    // when an application runs
    const application = medicalOnly(21);
    await under.run(application);

    // then the fourth attempt enrolled the person once and the item is approved
    expect(system.calls).toBe(4);
    expect(outcomeOf(application.applicationId)).toMatchObject({ outcome: 'approved' });
    expect(await countOf(database, 'medical_enrollments')).toBe(1);
    const retried = under.logs.filter(
      (line) =>
        line.msg === 'job failed, will retry' && line.applicationId === application.applicationId,
    );
    expect(retried).toHaveLength(3);
  });

  it('ends in an incident while the system stays down, and completes once it is back and the incident is resolved', async () => {
    // given a system that is down
    const { system, jobKeys } = await medicalDepartment();
    system.down = true;

    // when an application runs, then its retries run out into an incident
    const application = medicalOnly(22);
    const instanceKey = await under.start(application);
    const incidentKey = await under.gateway.incidentOf(instanceKey);
    expect(outcomeOf(application.applicationId)).toBeUndefined();
    expect(system.calls).toBe(5);

    // when the system is back and a manager gives the job a retry and resolves the incident
    system.down = false;
    const [jobKey] = [...jobKeys];
    await under.zeebe.updateJobRetries({ jobKey: jobKey!, retries: 1 });
    await under.zeebe.resolveIncident({ incidentKey });

    // then the item completes, approved, with one enrollment
    await eventually(async () => outcomeOf(application.applicationId), 'the medical outcome');
    expect(outcomeOf(application.applicationId)).toMatchObject({ outcome: 'approved' });
    expect(await countOf(database, 'medical_enrollments')).toBe(1);
  });

  it('leaves one enrollment when a timed-out job is handled again and the first completion is refused', async () => {
    // given a worker whose activation times out while its first call hangs, until the job,
    // handed out again, has been handled a second time
    const { system } = await medicalDepartment({ jobTimeoutMs: 1_000 });
    let secondDone: () => void = () => undefined;
    const second = new Promise<void>((resolve) => (secondDone = resolve));
    system.beforeCall = async (call) => {
      if (call === 1) await second;
    };
    const application = medicalOnly(23);
    const inner = system.enroll.bind(system);
    system.enroll = async (request) => {
      const answer = await inner(request);
      if (system.calls >= 2) secondDone();
      return answer;
    };

    // when the application runs
    await under.run(application);

    // then the job was handled twice, the person enrolled once, and the late completion dropped
    await eventually(
      async () =>
        under.logs.find(
          (line) =>
            line.msg === 'job already settled elsewhere, action dropped' &&
            line.applicationId === application.applicationId,
        ),
      'the late completion to be refused',
    );
    expect(system.calls).toBe(2);
    expect(await countOf(database, 'medical_enrollments')).toBe(1);
    expect(outcomeOf(application.applicationId)).toMatchObject({ outcome: 'approved' });
  });

  it('escalates an item the department reviews past the deadline, then completes it when decided', async () => {
    // given medical insurance reviewing every request, and a request received long ago
    const { reference } = await medicalDepartment({ review: true });
    const application = medicalOnly(24);
    const finished = under.run(application, { receivedAt: '2026-03-02T09:00:00+08:00' });

    // when the deadline (end of 2026-03-03) has passed without a decision
    const escalation = await eventually(
      async () => under.store.escalations.get(`${application.applicationId}:medical-enrollment`),
      'the escalation',
    );

    // then managers see an escalation naming the department and the deadline
    expect(escalation).toMatchObject({
      department: 'medical',
      deadline: '2026-03-03T23:59:59+08:00',
    });

    // when the reviewer approves, then the decision reaches the instance, which completes
    await eventually(async () => (await reference.desk.pendingReviews())[0], 'the review queue');
    await reference.desk.approve(application.applicationId, 'medical-enrollment', 'reviewer-1');
    await finished;
    expect(outcomeOf(application.applicationId)).toMatchObject({ outcome: 'approved' });
    expect(await reference.undeliveredDecisions(10)).toEqual([]);
  });

  it('finishes the job in hand before the worker stops', async () => {
    // given a worker in the middle of a call to its department
    const { system } = await medicalDepartment();
    let release: () => void = () => undefined;
    const released = new Promise<void>((resolve) => (release = resolve));
    let called: () => void = () => undefined;
    const inCall = new Promise<void>((resolve) => (called = resolve));
    system.beforeCall = async () => {
      called();
      await released;
    };
    const application = medicalOnly(25);
    const finished = under.run(application);
    await inCall;

    // when the worker is asked to stop, then it waits for the call before it stops
    const [worker] = running;
    let stopped = false;
    const stopping = worker!.stop().then(() => (stopped = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(stopped).toBe(false);
    release();
    await stopping;

    // and the job it had was completed: the instance ends with the item approved
    await finished;
    expect(outcomeOf(application.applicationId)).toMatchObject({ outcome: 'approved' });
    expect(system.calls).toBe(1);
  });
});
