/**
 * A kernel connection file, as `jupyter_client` writes one: five free TCP ports on 127.0.0.1 and a
 * random HMAC key, in a private temporary folder (mode 0600: the key lets anyone run code).
 *
 * https://jupyter-client.readthedocs.io/en/stable/kernels.html#connection-files
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type AddressInfo, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const KERNEL_HOST = "127.0.0.1";

export interface ConnectionInfo {
  readonly transport: "tcp";
  readonly ip: string;
  readonly shell_port: number;
  readonly iopub_port: number;
  readonly stdin_port: number;
  readonly control_port: number;
  readonly hb_port: number;
  readonly key: string;
  readonly signature_scheme: "hmac-sha256";
  readonly kernel_name: string;
}

/**
 * `count` distinct ports that were free a moment ago (held open together, then released for the
 * kernel to bind, as jupyter_client does; a port taken in between makes the kernel fail to start).
 */
export async function freePorts(count: number, host = KERNEL_HOST): Promise<number[]> {
  const servers: Server[] = [];
  try {
    for (let i = 0; i < count; i++) {
      const server = createServer();
      servers.push(server);
      await new Promise<void>((resolve, reject) => {
        server.once("error", reject);
        server.listen(0, host, () => resolve());
      });
    }
    return servers.map((s) => (s.address() as AddressInfo).port);
  } finally {
    await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
  }
}

export interface ConnectionFile {
  readonly path: string;
  readonly info: ConnectionInfo;
  /** Deletes the file and its folder. */
  remove(): void;
}

/**
 * Writes a fresh connection file for one kernel.
 *
 * @example
 * const file = await writeConnectionFile("tslab");
 * spawn("node", [tslab, "kernel", "--config-path", file.path]);
 */
export async function writeConnectionFile(kernelName: string): Promise<ConnectionFile> {
  const [shell, iopub, stdin, control, hb] = (await freePorts(5)) as [number, number, number, number, number];
  const info: ConnectionInfo = {
    transport: "tcp",
    ip: KERNEL_HOST,
    shell_port: shell,
    iopub_port: iopub,
    stdin_port: stdin,
    control_port: control,
    hb_port: hb,
    key: randomBytes(32).toString("hex"),
    signature_scheme: "hmac-sha256",
    kernel_name: kernelName,
  };
  const dir = mkdtempSync(join(tmpdir(), "kindling-kernel-"));
  const path = join(dir, "connection.json");
  writeFileSync(path, JSON.stringify(info, null, 1), { mode: 0o600 });
  return { path, info, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
