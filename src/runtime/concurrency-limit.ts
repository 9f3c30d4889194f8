// A counting semaphore: at most `max` tasks run at once, the rest wait in line (first come, first
// served). Used to keep argon2 hashes in flight at libuv's thread-pool size: each holds 19 MiB, and
// more in flight than threads only adds memory and queueing inside libuv, not throughput.

export interface ConcurrencyLimit {
  run<T>(task: () => Promise<T>): Promise<T>;
  /** Tasks running now (never above max). */
  readonly active: number;
  /** Tasks waiting for a slot. */
  readonly waiting: number;
}

export function createConcurrencyLimit(max: number): ConcurrencyLimit {
  let active = 0;
  const queue: Array<() => void> = [];
  const release = () => {
    const next = queue.shift();
    // The slot passes straight to the next task in line, so `active` never dips and overshoots.
    if (next) next();
    else active--;
  };
  return {
    async run(task) {
      if (active < max) active++;
      else await new Promise<void>((resolve) => queue.push(resolve));
      try {
        return await task();
      } finally {
        release();
      }
    },
    get active() {
      return active;
    },
    get waiting() {
      return queue.length;
    },
  };
}

/** libuv's thread pool: UV_THREADPOOL_SIZE when set (1 to 1024), else 4. */
export function threadPoolSize(env: Record<string, string | undefined> = process.env): number {
  const size = Number(env.UV_THREADPOOL_SIZE);
  return Number.isInteger(size) && size >= 1 ? Math.min(size, 1024) : 4;
}
