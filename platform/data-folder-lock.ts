import { readFileSync, rmSync, writeFileSync } from 'node:fs';

/**
 * PGlite is one process per database folder: a second process opening the same folder
 * silently loses the first one's writes. A lock file beside the folder, holding the owning
 * process id, makes the second opener stop with a message instead.
 */

/** Thrown when another process (or this one) already has the folder open. */
export class DataFolderLockedError extends Error {
  readonly code = 'DATA_FOLDER_LOCKED';

  constructor(
    readonly folder: string,
    readonly holderPid: number,
  ) {
    super(
      `the PGlite database folder <${folder}> is already open in process ${holderPid}; ` +
        'one folder serves one process: stop that process, or give this one another DATA_DIR ' +
        '(or set DATABASE_URL to share a PostgreSQL server)',
    );
    this.name = 'DataFolderLockedError';
  }
}

const heldLocks = new Set<string>();

/**
 * Takes the lock of `folder` for this process and returns its release. A lock left by a
 * process that no longer runs is taken over.
 */
export function lockDataFolder(folder: string): () => void {
  const lockFile = `${folder}.lock`;
  if (heldLocks.has(lockFile)) throw new DataFolderLockedError(folder, process.pid);

  if (!tryCreate(lockFile)) {
    const holderPid = readHolder(lockFile);
    if (holderPid !== undefined && isRunning(holderPid)) {
      throw new DataFolderLockedError(folder, holderPid);
    }
    writeFileSync(lockFile, String(process.pid));
  }

  heldLocks.add(lockFile);
  const release = () => {
    if (!heldLocks.delete(lockFile)) return;
    rmSync(lockFile, { force: true });
    process.off('exit', release);
  };
  process.on('exit', release);
  return release;
}

function tryCreate(lockFile: string): boolean {
  try {
    writeFileSync(lockFile, String(process.pid), { flag: 'wx' });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

function readHolder(lockFile: string): number | undefined {
  const pid = Number.parseInt(readFileSync(lockFile, 'utf8'), 10);
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

function isRunning(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
