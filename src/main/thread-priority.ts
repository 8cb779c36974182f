import { readlinkSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';

/**
 * Lowers the CPU priority (raises the nice value) of the calling thread only, where the system
 * allows it: on Linux `/proc/thread-self` names the thread, and a priority set on a thread id
 * applies to that thread alone. Returns the thread's nice value after, or null where the thread
 * cannot be named (another system) or the call is refused; the thread then runs as before.
 */
export function lowerThreadPriority(nice: number): number | null {
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (!Number.isInteger(tid) || tid <= 0) return null;
    if (getPriority(tid) < nice) setPriority(tid, nice);
    return getPriority(tid);
  } catch {
    return null;
  }
}
