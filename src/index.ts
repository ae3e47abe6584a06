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
export {
  generateRides,
  ridesCsv,
  ridesCsvChunks,
  ridesCsvBuffers,
  rideToCourseLine,
  courseLines,
  courseValues,
} from "./datagen/rides.js";
export type { RideOptions } from "./datagen/rides.js";
export { writeRidesCsv } from "./datagen/rides-file.js";
export { RIDE_COLUMNS, COURSE_COLUMNS, RIDES_CSV_HEADER } from "./datagen/ride-columns.js";
export type { RideColumn, RideRow } from "./datagen/ride-columns.js";
