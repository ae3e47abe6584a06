/**
 * Compares two sets of result rows the way `kindling compare` and the differential tests need: as multisets unless the
 * query's order matters, floats within a relative tolerance, NaN equal to NaN (Spark treats NaN
 * as equal to itself in comparisons and grouping: https://spark.apache.org/docs/latest/sql-ref-datatypes.html#nan-semantics),
 * and a diff a person can read when they differ.
 *
 * Values may be numbers, bigints, strings, booleans, null/undefined, Uint8Arrays, Dates, arrays
 * and plain objects, nested. A number and a bigint are equal when their values are; two numbers
 * that are both safe integers must be equal exactly (so int columns never pass by tolerance).
 *
 * ```ts
 * const diff = compareRows(kindlingRows, sparkRows);
 * if (!diff.equal) console.log(formatRowDiff(diff, { names: ["kindling", "spark"] }));
 * ```
 */

export type Row = readonly unknown[] | Readonly<Record<string, unknown>>;

export interface CompareOptions {
  /** Compare row i with row i (ORDER BY queries); default false: multisets. */
  readonly ordered?: boolean;
  /** Relative tolerance for non-integral numbers (default 1e-9). */
  readonly relTol?: number;
  /** Absolute tolerance for numbers near zero (default 0: off). */
  readonly absTol?: number;
}

/** A left and a right row judged to be the same row with some values changed. */
export interface DifferingRow {
  readonly left: Row;
  readonly right: Row;
  /** Positions (array rows) or keys (object rows) whose values differ. */
  readonly columns: readonly (number | string)[];
}

export interface RowComparison {
  readonly equal: boolean;
  readonly leftCount: number;
  readonly rightCount: number;
  readonly matched: number;
  readonly onlyLeft: readonly Row[];
  readonly onlyRight: readonly Row[];
  readonly differing: readonly DifferingRow[];
}

interface Tolerance {
  readonly relTol: number;
  readonly absTol: number;
}

/** Whether two values are equal under the rules above. */
export function valuesEqual(a: unknown, b: unknown, tol: Tolerance = { relTol: 1e-9, absTol: 0 }): boolean {
  if (a === null || a === undefined || b === null || b === undefined) {
    return (a === null || a === undefined) && (b === null || b === undefined);
  }
  if ((typeof a === "number" || typeof a === "bigint") && (typeof b === "number" || typeof b === "bigint")) {
    return numbersEqual(a, b, tol);
  }
  if (a instanceof Uint8Array || b instanceof Uint8Array) {
    return a instanceof Uint8Array && b instanceof Uint8Array && a.length === b.length && a.every((x, i) => x === b[i]);
  }
  if (a instanceof Date || b instanceof Date) {
    return a instanceof Date && b instanceof Date && a.getTime() === b.getTime();
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => valuesEqual(x, b[i], tol));
  }
  if (typeof a === "object" && typeof b === "object") {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    if (ka.length !== kb.length) return false;
    const ob = b as Record<string, unknown>;
    return ka.every((k) => Object.hasOwn(ob, k) && valuesEqual((a as Record<string, unknown>)[k], ob[k], tol));
  }
  return a === b;
}

function numbersEqual(a: number | bigint, b: number | bigint, tol: Tolerance): boolean {
  if (typeof a === "bigint" && typeof b === "bigint") return a === b;
  if (typeof a === "bigint" || typeof b === "bigint") {
    const n = (typeof a === "number" ? a : b) as number;
    const big = (typeof a === "bigint" ? a : b) as bigint;
    return Number.isInteger(n) ? BigInt(n) === big : false;
  }
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b);
  if (a === b) return true; // also 0 === -0 and the infinities
  if (!Number.isFinite(a) || !Number.isFinite(b)) return false;
  if (Number.isSafeInteger(a) && Number.isSafeInteger(b)) return false;
  const diff = Math.abs(a - b);
  return diff <= tol.absTol || diff <= tol.relTol * Math.max(Math.abs(a), Math.abs(b));
}

/** A canonical text of a value: equal keys mean exactly equal values (the fast path). */
function canonical(v: unknown): string {
  if (v === null || v === undefined) return "null";
  switch (typeof v) {
    case "number":
      if (Number.isNaN(v)) return "NaN";
      return Number.isInteger(v) ? BigInt(v).toString() : String(v); // 2 and 2n share a key
    case "bigint":
      return v.toString();
    case "string":
      return JSON.stringify(v);
    case "boolean":
      return v ? "true" : "false";
    default:
      break;
  }
  if (v instanceof Uint8Array) return `x'${Buffer.from(v).toString("hex")}'`;
  if (v instanceof Date) return `@${v.getTime()}`;
  if (Array.isArray(v)) return `[${v.map(canonical).join(",")}]`;
  if (typeof v === "object") {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o).sort().map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`).join(",")}}`;
  }
  return String(v);
}

function differingColumns(left: Row, right: Row, tol: Tolerance): (number | string)[] {
  if (Array.isArray(left) && Array.isArray(right)) {
    const n = Math.max(left.length, right.length);
    const out: number[] = [];
    for (let i = 0; i < n; i++) if (!valuesEqual(left[i], right[i], tol)) out.push(i);
    return out;
  }
  const l = left as Record<string, unknown>;
  const r = right as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(l), ...Object.keys(r)])];
  return keys.filter((k) => !valuesEqual(l[k], r[k], tol));
}

function width(row: Row): number {
  return Array.isArray(row) ? row.length : Object.keys(row).length;
}

/**
 * Compares `left` and `right` rows; see the module comment for the rules.
 *
 * @example
 * ```ts
 * compareRows([[1, 0.1 + 0.2]], [[1n, 0.3]]).equal; // true
 * compareRows([[1], [2]], [[2], [1]], { ordered: true }).differing.length; // 2
 * ```
 */
export function compareRows(left: readonly Row[], right: readonly Row[], options: CompareOptions = {}): RowComparison {
  const tol: Tolerance = { relTol: options.relTol ?? 1e-9, absTol: options.absTol ?? 0 };
  const onlyLeft: Row[] = [];
  const onlyRight: Row[] = [];
  const differing: DifferingRow[] = [];
  let matched = 0;

  if (options.ordered === true) {
    const n = Math.min(left.length, right.length);
    for (let i = 0; i < n; i++) {
      const columns = differingColumns(left[i]!, right[i]!, tol);
      if (columns.length === 0) matched++;
      else differing.push({ left: left[i]!, right: right[i]!, columns });
    }
    onlyLeft.push(...left.slice(n));
    onlyRight.push(...right.slice(n));
  } else {
    // Exact matches by canonical key first (linear), then tolerance matches among the rest.
    const byKey = new Map<string, Row[]>();
    for (const row of right) {
      const key = canonical(row);
      const list = byKey.get(key);
      if (list === undefined) byKey.set(key, [row]);
      else list.push(row);
    }
    const leftRest: Row[] = [];
    for (const row of left) {
      const list = byKey.get(canonical(row));
      if (list !== undefined && list.length > 0) {
        list.pop();
        matched++;
      } else leftRest.push(row);
    }
    const rightRest = [...byKey.values()].flat();
    for (const row of leftRest) {
      const j = rightRest.findIndex((other) => valuesEqual(row, other, tol));
      if (j >= 0) {
        rightRest.splice(j, 1);
        matched++;
      } else onlyLeft.push(row);
    }
    onlyRight.push(...rightRest);
    pairNearMisses(onlyLeft, onlyRight, differing, tol);
  }
  return {
    equal: onlyLeft.length === 0 && onlyRight.length === 0 && differing.length === 0,
    leftCount: left.length,
    rightCount: right.length,
    matched,
    onlyLeft,
    onlyRight,
    differing,
  };
}

/**
 * Moves pairs of unmatched rows that agree on more than half their columns into `differing`, so
 * that a wrong value reads as "this row, column 3: 2.5 vs 2.6" rather than as two unrelated rows.
 */
function pairNearMisses(onlyLeft: Row[], onlyRight: Row[], differing: DifferingRow[], tol: Tolerance): void {
  for (let i = 0; i < onlyLeft.length; ) {
    const left = onlyLeft[i]!;
    let best = -1;
    let bestColumns: (number | string)[] = [];
    onlyRight.forEach((right, j) => {
      if (width(right) !== width(left)) return;
      const columns = differingColumns(left, right, tol);
      if (columns.length * 2 < width(left) && (best < 0 || columns.length < bestColumns.length)) {
        best = j;
        bestColumns = columns;
      }
    });
    if (best < 0) {
      i++;
      continue;
    }
    differing.push({ left, right: onlyRight[best]!, columns: bestColumns });
    onlyLeft.splice(i, 1);
    onlyRight.splice(best, 1);
  }
}

/** A value as a person reads it: `12n` for a bigint, `"a"` for a string, `x'00ff'` for bytes. */
export function formatValue(v: unknown): string {
  if (v === undefined) return "undefined";
  if (typeof v === "bigint") return `${v}n`;
  if (typeof v === "number") return Object.is(v, -0) ? "-0" : String(v);
  if (v instanceof Uint8Array) return `x'${Buffer.from(v).toString("hex")}'`;
  if (v instanceof Date) return v.toISOString();
  if (Array.isArray(v)) return `[${v.map(formatValue).join(", ")}]`;
  if (v !== null && typeof v === "object") {
    return `{${Object.entries(v).map(([k, x]) => `${k}: ${formatValue(x)}`).join(", ")}}`;
  }
  return JSON.stringify(v);
}

export interface FormatOptions {
  /** What to call the two sides (default "left" and "right", e.g. "kindling" and "spark"). */
  readonly names?: readonly [string, string];
  /** Column names, to label differing positions. */
  readonly columns?: readonly string[];
  /** At most this many rows listed per section (default 20). */
  readonly maxRows?: number;
}

/**
 * The comparison as a readable report: counts, then rows only on one side, then differing rows
 * with each differing column named.
 */
export function formatRowDiff(cmp: RowComparison, options: FormatOptions = {}): string {
  const [ln, rn] = options.names ?? ["left", "right"];
  const max = options.maxRows ?? 20;
  const label = (c: number | string): string => (typeof c === "number" && options.columns?.[c] !== undefined ? `${options.columns[c]} (#${c})` : String(c));
  const out = [
    `${cmp.equal ? "same rows" : "rows differ"}: ${ln} ${cmp.leftCount}, ${rn} ${cmp.rightCount}, matched ${cmp.matched}, ` +
      `only ${ln} ${cmp.onlyLeft.length}, only ${rn} ${cmp.onlyRight.length}, differing ${cmp.differing.length}`,
  ];
  const section = (title: string, rows: readonly Row[]): void => {
    if (rows.length === 0) return;
    out.push(`only in ${title} (${rows.length}):`);
    for (const row of rows.slice(0, max)) out.push(`  ${formatValue(row)}`);
    if (rows.length > max) out.push(`  … ${rows.length - max} more`);
  };
  section(ln, cmp.onlyLeft);
  section(rn, cmp.onlyRight);
  if (cmp.differing.length > 0) {
    out.push(`differing (${cmp.differing.length}):`);
    for (const d of cmp.differing.slice(0, max)) {
      out.push(`  ${ln.padEnd(Math.max(ln.length, rn.length))} ${formatValue(d.left)}`);
      out.push(`  ${rn.padEnd(Math.max(ln.length, rn.length))} ${formatValue(d.right)}`);
      for (const c of d.columns) {
        const l = (d.left as Record<string | number, unknown>)[c];
        const r = (d.right as Record<string | number, unknown>)[c];
        out.push(`    at ${label(c)}: ${formatValue(l)} vs ${formatValue(r)}`);
      }
    }
    if (cmp.differing.length > max) out.push(`  … ${cmp.differing.length - max} more`);
  }
  return out.join("\n");
}
