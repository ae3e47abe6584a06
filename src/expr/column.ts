/**
 * `Column`: the immutable wrapper users chain methods on (PySpark's `pyspark.sql.Column`). It
 * holds a plain-data {@link Expr}; every method returns a new Column. Python operators become
 * methods: `a + 1` is `a.plus(1)`, `a == 1` is `a.eq(1)` (Scala's `equalTo` also works),
 * `~a` is `a.not()`, `a & b` is `a.and(b)`.
 *
 * ```ts
 * F.col("fare").multiply(1.1).alias("with_tip");
 * F.col("vendor").isin(1, 2).and(F.col("fare").gt(10));
 * ```
 */
import { AnalysisError } from "../common/errors.js";
import type { DataType } from "../types/data-types.js";
import { parseTypeDDL } from "../types/ddl.js";
import type { BinaryOp, Expr } from "./expression.js";
import { exprName } from "./expr-name.js";
import { literal } from "./literal.js";

/** Anything a Column method accepts as an operand: another Column or a literal value. */
export type ColumnOrValue = Column | string | number | bigint | boolean | Date | Uint8Array | null;

/** An expression over the rows of a DataFrame. */
export class Column {
  /** The plain-data expression this column wraps. */
  readonly expr: Expr;

  constructor(expr: Expr) {
    this.expr = expr;
  }

  /** Spark's generated name for this column (what `select` would call it). */
  toString(): string {
    return `Column<'${exprName(this.expr)}'>`;
  }

  private bin(op: BinaryOp, other: ColumnOrValue): Column {
    return new Column({ kind: "binary", op, left: this.expr, right: toExpr(other) });
  }

  /** `this + other`. Example: `F.col("a").plus(1)`. */
  plus(other: ColumnOrValue): Column { return this.bin("+", other); }
  /** `this - other`. Example: `F.col("a").minus(F.col("b"))`. */
  minus(other: ColumnOrValue): Column { return this.bin("-", other); }
  /** `this * other`. Example: `F.col("a").multiply(2)`. */
  multiply(other: ColumnOrValue): Column { return this.bin("*", other); }
  /** `this / other`: always fractional, as in Spark (int / int is double). Example: `F.col("a").divide(2)`. */
  divide(other: ColumnOrValue): Column { return this.bin("/", other); }
  /** `this % other`. Example: `F.col("a").mod(3)`. */
  mod(other: ColumnOrValue): Column { return this.bin("%", other); }
  /** `-this`, named `negative(a)` as PySpark's `-col` is. Example: `F.col("a").negate()`. */
  negate(): Column { return new Column({ kind: "unary", op: "negate", child: this.expr, fnAlias: "negative" }); }

  /** `this == other` (SQL `=`; null if either side is null). Example: `F.col("a").eq(1)`. */
  eq(other: ColumnOrValue): Column { return this.bin("=", other); }
  /** Scala's name for {@link eq}. */
  equalTo(other: ColumnOrValue): Column { return this.eq(other); }
  /** `this != other`, i.e. `NOT (this = other)`. Example: `F.col("a").ne(1)`. */
  ne(other: ColumnOrValue): Column { return this.eq(other).not(); }
  /** Scala's name for {@link ne}. */
  notEqual(other: ColumnOrValue): Column { return this.ne(other); }
  /** Null-safe equality `<=>`: never null. Example: `F.col("a").eqNullSafe(null)`. */
  eqNullSafe(other: ColumnOrValue): Column { return this.bin("<=>", other); }
  /** `this > other`. */
  gt(other: ColumnOrValue): Column { return this.bin(">", other); }
  /** `this >= other`. */
  ge(other: ColumnOrValue): Column { return this.bin(">=", other); }
  /** Scala's name for {@link ge}. */
  geq(other: ColumnOrValue): Column { return this.ge(other); }
  /** `this < other`. */
  lt(other: ColumnOrValue): Column { return this.bin("<", other); }
  /** `this <= other`. */
  le(other: ColumnOrValue): Column { return this.bin("<=", other); }
  /** Scala's name for {@link le}. */
  leq(other: ColumnOrValue): Column { return this.le(other); }

  /** Three-valued AND (`&` in PySpark). Example: `a.gt(1).and(b.lt(2))`. */
  and(other: ColumnOrValue): Column { return this.bin("and", other); }
  /** Three-valued OR (`|` in PySpark). */
  or(other: ColumnOrValue): Column { return this.bin("or", other); }
  /** Three-valued NOT (`~` in PySpark). */
  not(): Column { return new Column({ kind: "unary", op: "not", child: this.expr }); }

  /** True where the value is null. Example: `F.col("a").isNull()`. */
  isNull(): Column { return new Column({ kind: "unary", op: "isNull", child: this.expr }); }
  /** True where the value is not null. */
  isNotNull(): Column { return new Column({ kind: "unary", op: "isNotNull", child: this.expr }); }
  /** True where the value is NaN. */
  isNaN(): Column { return new Column({ kind: "unary", op: "isNaN", child: this.expr }); }

  /**
   * SQL `IN`: true if equal to any listed value; null if no match and a null is involved.
   * Accepts values or one array. Example: `F.col("a").isin(1, 2, 3)`.
   */
  isin(...values: (ColumnOrValue | readonly ColumnOrValue[])[]): Column {
    const flat = values.length === 1 && Array.isArray(values[0]) ? (values[0] as ColumnOrValue[]) : (values as ColumnOrValue[]);
    return new Column({ kind: "in", child: this.expr, list: flat.map(toExpr) });
  }

  /** `lower <= this <= upper`, inclusive. Example: `F.col("a").between(1, 5)`. */
  between(lower: ColumnOrValue, upper: ColumnOrValue): Column {
    return this.ge(lower).and(this.le(upper));
  }

  /** SQL LIKE with `%` and `_`. Example: `F.col("name").like("A%")`. */
  like(pattern: string): Column {
    return new Column({ kind: "like", op: "like", child: this.expr, pattern: literal(pattern) });
  }
  /** Case-insensitive LIKE. */
  ilike(pattern: string): Column {
    return new Column({ kind: "like", op: "ilike", child: this.expr, pattern: literal(pattern) });
  }
  /** Java-regex match anywhere in the string. Example: `F.col("name").rlike("^A.*z$")`. */
  rlike(regex: string): Column {
    return new Column({ kind: "like", op: "rlike", child: this.expr, pattern: literal(regex) });
  }
  /** True if the string starts with `prefix`. */
  startswith(prefix: ColumnOrValue): Column { return new Column({ kind: "fn", name: "startswith", args: [this.expr, toExpr(prefix)] }); }
  /** True if the string ends with `suffix`. */
  endswith(suffix: ColumnOrValue): Column { return new Column({ kind: "fn", name: "endswith", args: [this.expr, toExpr(suffix)] }); }
  /** True if the string contains `other`. */
  contains(other: ColumnOrValue): Column { return new Column({ kind: "fn", name: "contains", args: [this.expr, toExpr(other)] }); }
  /** Substring from 1-based `pos` of `len` characters. */
  substr(pos: number | Column, len: number | Column): Column {
    return new Column({ kind: "fn", name: "substr", args: [this.expr, toExpr(pos), toExpr(len)] });
  }

  /**
   * Converts to another type, by DDL name or DataType; under ANSI mode an impossible conversion
   * raises CAST_INVALID_INPUT. Example: `F.col("s").cast("int")`.
   */
  cast(to: DataType | string): Column {
    const t = typeof to === "string" ? parseTypeDDL(to) : to;
    return new Column({ kind: "cast", child: this.expr, to: t });
  }
  /** PySpark's alias of {@link cast}. */
  astype(to: DataType | string): Column { return this.cast(to); }
  /** Like cast, but null instead of an error for malformed input. */
  try_cast(to: DataType | string): Column {
    const t = typeof to === "string" ? parseTypeDDL(to) : to;
    return new Column({ kind: "cast", child: this.expr, to: t, try: true });
  }

  /** Renames the column. Example: `F.count("*").alias("n")`. */
  alias(name: string): Column {
    const inner = this.expr.kind === "alias" ? this.expr.child : this.expr;
    return new Column({ kind: "alias", child: inner, name });
  }
  /** PySpark's alias of {@link alias}. */
  name(name: string): Column { return this.alias(name); }
  /** Scala's alias of {@link alias}. */
  as(name: string): Column { return this.alias(name); }

  /** A field of a struct column. Example: `F.col("window").getField("start")`. */
  getField(name: string): Column { return new Column({ kind: "getField", child: this.expr, field: name }); }
  /** An element of an array (0-based) or a map value by key. Example: `F.split(s, ",").getItem(0)`. */
  getItem(key: ColumnOrValue): Column { return new Column({ kind: "getItem", child: this.expr, key: toExpr(key) }); }

  /** Ascending sort order; nulls first, as in Spark. */
  asc(): Column { return this.sortOrder(true, true); }
  /** Ascending, nulls first. */
  asc_nulls_first(): Column { return this.sortOrder(true, true); }
  /** Ascending, nulls last. */
  asc_nulls_last(): Column { return this.sortOrder(true, false); }
  /** Descending sort order; nulls last, as in Spark. */
  desc(): Column { return this.sortOrder(false, false); }
  /** Descending, nulls first. */
  desc_nulls_first(): Column { return this.sortOrder(false, true); }
  /** Descending, nulls last. */
  desc_nulls_last(): Column { return this.sortOrder(false, false); }
  private sortOrder(ascending: boolean, nullsFirst: boolean): Column {
    const child = this.expr.kind === "sort" ? this.expr.child : this.expr;
    return new Column({ kind: "sort", child, ascending, nullsFirst });
  }

  /**
   * Adds a branch to a CASE built with `F.when`. Example:
   * `F.when(F.col("a").gt(1), "big").when(F.col("a").gt(0), "small").otherwise("none")`.
   */
  when(condition: Column, value: ColumnOrValue): Column {
    if (this.expr.kind !== "caseWhen" || this.expr.otherwise !== null) {
      throw new AnalysisError("when() can only be applied on a Column previously generated by when() function, and cannot be applied once otherwise() is applied.", {
        hint: "Start the chain with functions.when(condition, value).",
      });
    }
    return new Column({ ...this.expr, branches: [...this.expr.branches, { when: condition.expr, then: toExpr(value) }] });
  }

  /** The value of a CASE when no branch matched (null without it). */
  otherwise(value: ColumnOrValue): Column {
    if (this.expr.kind !== "caseWhen" || this.expr.otherwise !== null) {
      throw new AnalysisError("otherwise() can only be applied once on a Column previously generated by when().", {
        hint: "Start the chain with functions.when(condition, value) and call otherwise() last.",
      });
    }
    return new Column({ ...this.expr, otherwise: toExpr(value) });
  }
}

/** A Column operand as an expression: Columns as they are, anything else as a literal. */
export function toExpr(v: ColumnOrValue | Column): Expr {
  return v instanceof Column ? v.expr : literal(v);
}

/** A column-or-name argument (PySpark's `ColumnOrName`): strings are column names. */
export type ColumnOrName = Column | string;

/** Strings name columns; Columns pass through. */
export function colOrName(c: ColumnOrName): Expr {
  if (typeof c !== "string") return c.expr;
  if (c === "*") return { kind: "star" };
  // `t.*` (a DataFrame alias or a struct column) is a star, as Spark's UnresolvedStar(Some(t)).
  if (c.endsWith(".*") && !c.startsWith("`")) return { kind: "star", target: c.slice(0, -2) };
  return { kind: "col", name: c };
}
