import { resolvePorts, STACK_HOST } from "../stack/ports.js";

/** The local stack's broker, honouring KINDLING_KAFKA_PORT: the default of every `--bootstrap-server`. */
export function defaultBootstrap(): string {
  return `${STACK_HOST}:${resolvePorts().kafka}`;
}

/** Parses a positive whole number option, naming the option when it is not one. */
export function positiveInt(name: string): (value: string) => number {
  return (value: string) => {
    const n = Number(value);
    if (!Number.isSafeInteger(n) || n <= 0) throw new Error(`${name} must be a positive whole number, got ${JSON.stringify(value)}`);
    return n;
  };
}

/** A progress line on stderr, redrawn in place on a terminal and printed sparingly elsewhere. */
export function progressLine(): { update(text: string): void; done(text: string): void } {
  const tty = process.stderr.isTTY === true;
  let last = 0;
  return {
    update(text) {
      const now = Date.now();
      if (now - last < (tty ? 100 : 2000)) return;
      last = now;
      process.stderr.write(tty ? `\r\x1b[K${text}` : `${text}\n`);
    },
    done(text) {
      process.stderr.write(tty ? `\r\x1b[K${text}\n` : `${text}\n`);
    },
  };
}
