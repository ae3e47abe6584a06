import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { Component, StackContext } from "../component.js";
import { ensureVenv, registerTslabKernel } from "../install.js";
import { httpGet } from "../net-probe.js";
import { STACK_HOST } from "../ports.js";

/** The token JupyterLab was started with (random, made on first start, kept in the state dir). */
export function jupyterToken(ctx: Pick<StackContext, "paths">): string {
  const file = join(ctx.paths.state, "jupyter", "token");
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, randomBytes(24).toString("hex"), { mode: 0o600 });
  }
  return readFileSync(file, "utf8").trim();
}

/** JupyterLab from the venv, serving the project, with the tslab kernel registered. */
export const jupyterComponent: Component = {
  name: "jupyter",
  group: "jupyter",
  ports: ["jupyter"],
  readyTimeoutMs: 90_000,

  async install(ctx, logFile) {
    await ensureVenv(ctx.paths, logFile, ctx.progress);
    // Registered on every start: the kernel's binary is this checkout's tslab, wherever it lives.
    await registerTslabKernel(ctx.paths, logFile);
  },

  launch(ctx, logFile) {
    const runtimeDir = join(ctx.paths.state, "jupyter", "runtime");
    mkdirSync(runtimeDir, { recursive: true });
    return {
      command: join(ctx.paths.venvBin, "jupyter"),
      args: [
        "lab",
        "--no-browser",
        `--ServerApp.ip=${STACK_HOST}`,
        `--ServerApp.port=${ctx.ports.jupyter}`,
        "--ServerApp.port_retries=0",
        `--ServerApp.root_dir=${ctx.projectDir}`,
        `--IdentityProvider.token=${jupyterToken(ctx)}`,
        "--ServerApp.allow_remote_access=False",
        // Jupyter refuses to run as root without it; this machine (and CI) run as root.
        ...(process.getuid?.() === 0 ? ["--allow-root"] : []),
        "--LabApp.news_url=",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
      ],
      env: {
        ...process.env,
        // Kernels (tslab runs on node) must find the same node as the CLI.
        PATH: `${ctx.paths.venvBin}:${dirname(process.execPath)}:${process.env["PATH"] ?? ""}`,
        JUPYTER_RUNTIME_DIR: runtimeDir,
        JUPYTER_PLATFORM_DIRS: "1",
      },
      cwd: ctx.projectDir,
      logFile,
    };
  },

  async probe(ctx) {
    const token = jupyterToken(ctx);
    const specs = await httpGet(`http://${STACK_HOST}:${ctx.ports.jupyter}/api/kernelspecs?token=${token}`);
    return specs?.status === 200 && specs.body.includes('"tslab"');
  },

  describe(ctx) {
    const token = jupyterToken(ctx);
    return { url: `http://${STACK_HOST}:${ctx.ports.jupyter}/lab?token=${token}`, token, root: ctx.projectDir };
  },
};
