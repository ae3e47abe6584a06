import { Command } from "commander";
import { stackDown, stackStatus, stackUp, type ComponentStatus } from "../stack/stack.js";

const progress = (line: string): void => {
  process.stderr.write(`[stack] ${line}\n`);
};

/** Formats the status as an aligned table a person can read at a glance. */
export function formatStatus(rows: readonly ComponentStatus[]): string {
  const table = [["COMPONENT", "STATE", "PID", "PORTS", "DETAILS"]];
  for (const r of rows) {
    const details = Object.entries(r.info).filter(([k]) => k !== "token").map(([k, v]) => `${k}=${v}`);
    if (r.state === "stopped") details.push(`log=${r.log}`);
    table.push([r.component, r.state, r.pid === null ? "-" : String(r.pid), Object.values(r.ports).join(","), details.join(" ")]);
  }
  const widths = table[0]!.map((_, i) => Math.max(...table.map((row) => row[i]!.length)));
  return table.map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!))).join("  ").trimEnd()).join("\n");
}

/** `kindling stack up|down|status [components…]`: the local Kafka, Spark and JupyterLab. */
export function stackCommand(): Command {
  const stack = new Command("stack").description("start, stop and inspect the local Kafka, Spark and JupyterLab (no Docker needed)");
  stack
    .command("up")
    .description("start components (kafka, spark, jupyter; all when none are named); safe to run again")
    .argument("[components...]", "kafka | spark | jupyter")
    .option("--json", "print the status as JSON")
    .action(async (components: string[], opts: { json?: boolean }) => {
      const rows = await stackUp(components, { progress });
      printStatus(rows, opts.json === true);
    });
  stack
    .command("down")
    .description("stop the components the stack started (all when none are named)")
    .argument("[components...]", "kafka | spark | jupyter")
    .action(async (components: string[]) => {
      const stopped = await stackDown(components, { progress });
      process.stdout.write(stopped.length === 0 ? "nothing was running\n" : `stopped ${stopped.join(", ")}\n`);
    });
  stack
    .command("status")
    .description("show each component's state, pid, ports and health")
    .argument("[components...]", "kafka | spark | jupyter")
    .option("--json", "print as JSON")
    .action(async (components: string[], opts: { json?: boolean }) => {
      printStatus(await stackStatus(components), opts.json === true);
    });
  return stack;
}

function printStatus(rows: readonly ComponentStatus[], json: boolean): void {
  if (json) {
    process.stdout.write(JSON.stringify(rows, null, 2) + "\n");
    return;
  }
  process.stdout.write(formatStatus(rows) + "\n");
  const jupyter = rows.find((r) => r.component === "jupyter" && r.info["token"] !== undefined);
  if (jupyter !== undefined) process.stdout.write(`\nJupyterLab: ${jupyter.info["url"]}\ntoken: ${jupyter.info["token"]}\n`);
}
