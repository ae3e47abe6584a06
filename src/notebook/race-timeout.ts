/**
 * Resolves with the promise's value, or with "timeout" after `ms` (the timer is always cleared,
 * so a settled race never keeps the process alive).
 *
 * @example
 * if ((await raceTimeout(kernel.info, 60_000)) === "timeout") throw new Error("no answer");
 */
export function raceTimeout<T>(promise: Promise<T>, ms: number): Promise<T | "timeout"> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<"timeout">((resolve) => {
    timer = setTimeout(() => resolve("timeout"), Math.max(0, ms));
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
