/**
 * The internal functions that interval arithmetic resolves to (see logical/interval-arith.ts)
 * and their result types, so an already resolved plan can be analyzed again.
 *
 * ```ts
 * intervalFunctionType("time_add", [ts, hour]); // { dataType: timestamp, nullable: ... }
 * ```
 */
import { DateType, DayTimeIntervalType, IntegerType, TimestampType, YearMonthIntervalType, type DataType } from "../types/data-types.js";

/** The internal functions this rewrite produces, with their evaluator in physical/eval/interval-eval.ts. */
export const INTERVAL_FUNCTIONS = [
  "time_add", "date_add", "extractansiintervaldays", "timestamp_add_ym_interval", "date_add_ym_interval", "subtract_timestamps",
  "subtract_dates", "multiply_dt_interval", "multiply_ym_interval", "divide_dt_interval", "divide_ym_interval",
] as const;

/** Signatures of the internal interval functions (for re-analysis of an already resolved plan). */
export function intervalFunctionType(name: string, args: readonly { dataType: DataType; nullable: boolean }[]): { dataType: DataType; nullable: boolean } | null {
  const nullable = args.some((a) => a.nullable);
  switch (name) {
    case "time_add": case "timestamp_add_ym_interval": return { dataType: TimestampType(), nullable };
    case "date_add": case "date_add_ym_interval": return { dataType: DateType(), nullable };
    case "extractansiintervaldays": return { dataType: IntegerType(), nullable };
    case "subtract_timestamps": return { dataType: DayTimeIntervalType(0, 3), nullable };
    case "subtract_dates": return { dataType: DayTimeIntervalType(0, 0), nullable };
    case "multiply_dt_interval": case "divide_dt_interval": return { dataType: DayTimeIntervalType(), nullable };
    case "multiply_ym_interval": case "divide_ym_interval": return { dataType: YearMonthIntervalType(), nullable };
    default: return null;
  }
}

