/**
 * Kindling's public API. Everything a user imports comes from here, by name:
 *
 * ```ts
 * import { VERSION } from "kindling";
 * ```
 */
export {
  KindlingError,
  AnalysisError,
  ExecutionError,
  ConnectorError,
  NotImplementedError,
  InternalError,
  StackError,
} from "./common/errors.js";
export type { ErrorDomain, ErrorContext } from "./common/errors.js";
export { VERSION } from "./common/version.js";
