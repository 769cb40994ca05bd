// Temporary folders of uploads and audit spools: named after the process that made them, so a restart removes what a killed process left.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const PREFIX = 'realreach-upload-';
/** realreach-upload-<pid>-<random>: the pid of the process that made the folder. */
const FOLDER = /^realreach-upload-(\d+)-[A-Za-z0-9]+$/;

/** A new temporary folder of this process, under `parent` (the system's temp folder by default). */
export function makeUploadDir(parent: string = tmpdir()): Promise<string> {
  return mkdtemp(join(parent, `${PREFIX}${process.pid}-`));
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

/**
 * Removes the upload folders of processes that are gone (killed mid-upload, so their cleanup never ran); folders
 * of running processes, this one's or another server's, are left alone. Returns the folders removed.
 */
export async function removeStaleUploadDirs(parent: string = tmpdir()): Promise<string[]> {
  const removed: string[] = [];
  let names: string[];
  try {
    names = await readdir(parent);
  } catch {
    return removed;
  }
  for (const name of names) {
    const pid = FOLDER.exec(name)?.[1];
    if (pid === undefined || isRunning(Number(pid))) continue;
    await rm(join(parent, name), { recursive: true, force: true });
    removed.push(name);
  }
  return removed;
}
