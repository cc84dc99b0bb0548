/**
 * The checksum the runtime compares to detect a redeployment of identical XML, which Zeebe
 * answers with the existing version instead of a new one.
 */

import { createHash } from 'node:crypto';

/** SHA-256 of the resource's bytes (UTF-8 for text), as lowercase hex; stable across runs. */
export function bpmnChecksum(content: string | Uint8Array): string {
  return createHash('sha256').update(content).digest('hex');
}
