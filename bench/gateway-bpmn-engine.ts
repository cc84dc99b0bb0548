/**
 * The peer of the gateway benchmark: the same 10-service-task model on `bpmn-engine`,
 * in process, with each instance's state (`getState()` JSON) written to PostgreSQL at
 * every wait state — each service task waits for its "worker" — and when it ends.
 */
import { Engine } from 'bpmn-engine';
import type { Knex } from 'knex';

const STATE_TABLE = 'bpmn_engine_state';

/** Creates the state table (in the database's current schema). */
export async function createStateTable(db: Knex): Promise<void> {
  await db.schema.createTable(STATE_TABLE, (table) => {
    table.text('instance_id').primary();
    table.jsonb('state').notNullable();
    table.timestamp('updated_at', { useTz: true }).notNullable();
  });
}

/**
 * A function that runs one instance of `source` to its end: at each service task its state
 * is saved, then the task is completed (the peer of a worker completing a job).
 */
export async function bpmnEngineRunner(db: Knex, source: string): Promise<() => Promise<void>> {
  const moddleContext = await parseOnce(source);
  let sequence = 0;

  return async () => {
    const instanceId = `instance-${++sequence}`;
    const engine = new Engine({ name: instanceId, moddleContext });
    const saveState = async () => {
      const state = await engine.getState();
      await db(STATE_TABLE)
        .insert({ instance_id: instanceId, state: JSON.stringify(state), updated_at: new Date() })
        .onConflict('instance_id')
        .merge();
    };

    const ended = new Promise<void>((resolve, reject) => {
      engine.once('end', () => resolve());
      engine.once('error', reject);
    });
    await engine.execute({
      services: {
        work: (_scope: unknown, callback: (error: Error | null) => void) => {
          saveState().then(() => callback(null), callback);
        },
      },
    });
    await ended;
    await saveState();
  };
}

/** Parses the model once (as a deployment does), so instances do not parse it each time. */
async function parseOnce(source: string): Promise<unknown> {
  const moddle = (await import('bpmn-moddle')) as unknown as {
    BpmnModdle: new () => { fromXML(xml: string): Promise<unknown> };
  };
  return new moddle.BpmnModdle().fromXML(source);
}
