import type { ReferenceData } from '../../../server/reference-data/reference-data.ts';

/** How a reference department system is set up. */
export interface ReferenceSystemOptions {
  /** Figures the rules rest on (banks, bases, rates), from `server/reference-data/`. */
  reference: ReferenceData;
  /** Queue accepted requests for a person's review (answer later) instead of deciding at once. */
  review: boolean;
  clock?: () => Date;
}
