import type { EngineRecordsReader } from '../platform/engine-records-client.ts';
import type { Logger } from '../platform/logger.ts';
import type { ApplicationStore } from './applications/application-store.ts';
import type { Intake } from './applications/intake.ts';
import type { ProcessInstances } from './applications/process-instances.ts';
import type { ApplicationViews } from './applications/views.ts';
import type { StatusTokens } from './auth/principals.ts';
import type { authorizer } from './http/authorize.ts';
import type { ReferenceData } from './reference-data/reference-data.ts';

/** What the route modules share; built once by `buildServer`. */
export interface ServerContext {
  store: ApplicationStore;
  views: ApplicationViews;
  intake: Intake;
  instances: ProcessInstances;
  authorize: ReturnType<typeof authorizer>;
  statusTokens: StatusTokens;
  referenceData: ReferenceData;
  logger: Logger;
  /** The engine's records for timelines; absent → timelines from the store alone. */
  engineRecords?: EngineRecordsReader;
}
