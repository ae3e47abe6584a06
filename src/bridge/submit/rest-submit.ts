/**
 * `kindling submit --deploy rest`: the job goes to the standalone master's REST submission server
 * (`spark.master.rest.enabled`, port 6066 in the stack), which starts its driver on a worker
 * (cluster mode) instead of here. Spark's own `spark-submit` refuses cluster mode for Python on a
 * standalone master, but the REST protocol only needs a main class: the driver is
 * `org.apache.spark.deploy.PythonRunner` (what client mode runs too) with the script as its first
 * argument, so the Python job runs unchanged. The worker and this machine share a file system here
 * (the local stack), so paths pass as they are; the driver's output is in the worker's
 * `work/<driver id>/stdout`.
 *
 * Protocol: org.apache.spark.deploy.rest.StandaloneRestServer (POST /v1/submissions/create,
 * GET /v1/submissions/status/<id>, POST /v1/submissions/kill/<id>).
 *
 * ```ts
 * const { driverId } = await restCreateSubmission({ restUrl: "http://127.0.0.1:6066", master, pythonFile, args, conf, env });
 * const { driverState } = await restStatus("http://127.0.0.1:6066", driverId);
 * ```
 */
import { ConnectorError, KindlingError } from "../../common/errors.js";

export interface RestSubmission {
  /** `http://host:6066`. */
  readonly restUrl: string;
  /** `spark://host:7077`. */
  readonly master: string;
  /** A jar the driver's class loader gets (Spark needs one; any will do, e.g. a Kafka connector jar). */
  readonly appResource: string;
  readonly pythonFile: string;
  readonly args: readonly string[];
  readonly conf: Readonly<Record<string, string>>;
  readonly env: Readonly<Record<string, string>>;
  readonly sparkVersion: string;
}

export interface RestStatus {
  /** SUBMITTED, RUNNING, RELAUNCHING, FINISHED, FAILED, KILLED, ERROR, UNKNOWN. */
  readonly driverState: string;
  readonly workerHostPort?: string;
  readonly message?: string;
}

async function call(url: string, method: "GET" | "POST", body?: unknown): Promise<Record<string, unknown>> {
  let res: Response;
  try {
    res = await fetch(url, {
      method,
      headers: { "Content-Type": "application/json;charset=UTF-8" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(30_000),
    });
  } catch (error) {
    throw new ConnectorError(`cannot reach Spark's REST submission server at ${url}: ${(error as Error).message}`, {
      context: { url },
      hint: "the stack's master serves it on http://127.0.0.1:6066 (`kindling stack up spark`); another master needs spark.master.rest.enabled=true",
      cause: error,
    });
  }
  const text = await res.text();
  let reply: Record<string, unknown>;
  try {
    reply = JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw new ConnectorError(`Spark's REST server at ${url} answered ${res.status} with no JSON: ${text.slice(0, 200)}`, { context: { url } });
  }
  return reply;
}

/**
 * Asks the master to start the job's driver on a worker; resolves with the driver's id.
 *
 * @example await restCreateSubmission({ restUrl, master, appResource, pythonFile: "job.py", args: [], conf: {}, env: {}, sparkVersion: "4.1.1" })
 */
export async function restCreateSubmission(s: RestSubmission): Promise<{ driverId: string }> {
  const request = {
    action: "CreateSubmissionRequest",
    appResource: s.appResource,
    mainClass: "org.apache.spark.deploy.PythonRunner",
    // PythonRunner's arguments: the script, the extra Python files (none), then the script's own.
    appArgs: [s.pythonFile, "", ...s.args],
    clientSparkVersion: s.sparkVersion,
    environmentVariables: { ...s.env },
    sparkProperties: { "spark.master": s.master, "spark.submit.deployMode": "cluster", "spark.driver.supervise": "false", ...s.conf },
  };
  const reply = await call(`${s.restUrl}/v1/submissions/create`, "POST", request);
  if (reply["success"] !== true || typeof reply["submissionId"] !== "string") {
    throw new KindlingError(`Spark's REST server refused the submission: ${String(reply["message"] ?? JSON.stringify(reply))}`, "external", { hint: "see the master's log: `kindling stack status`" });
  }
  return { driverId: reply["submissionId"] };
}

/**
 * The driver's state as the master knows it.
 *
 * @example (await restStatus("http://127.0.0.1:6066", "driver-20261126…")).driverState
 */
export async function restStatus(restUrl: string, driverId: string): Promise<RestStatus> {
  const reply = await call(`${restUrl}/v1/submissions/status/${encodeURIComponent(driverId)}`, "GET");
  if (reply["success"] !== true) return { driverState: "UNKNOWN", ...(typeof reply["message"] === "string" ? { message: reply["message"] } : {}) };
  return {
    driverState: String(reply["driverState"] ?? "UNKNOWN"),
    ...(typeof reply["workerHostPort"] === "string" ? { workerHostPort: reply["workerHostPort"] } : {}),
    ...(typeof reply["message"] === "string" ? { message: reply["message"] } : {}),
  };
}

/**
 * Asks the master to kill the driver.
 *
 * @example await restKill("http://127.0.0.1:6066", driverId)
 */
export async function restKill(restUrl: string, driverId: string): Promise<boolean> {
  const reply = await call(`${restUrl}/v1/submissions/kill/${encodeURIComponent(driverId)}`, "POST");
  return reply["success"] === true;
}

/** Driver states after which nothing more happens. */
export const FINAL_DRIVER_STATES = new Set(["FINISHED", "FAILED", "KILLED", "ERROR"]);
