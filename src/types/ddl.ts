/**
 * Parses Spark DDL schema strings (`"vendor_id INT, pickup TIMESTAMP"`) and type strings
 * (`"decimal(10,2)"`, `"array<struct<a:int>>"`), accepting the spellings Spark's parser and
 * PySpark's `_parse_datatype_string` accept: `a INT`, `a: int`, backquoted names, `NOT NULL`,
 * `COMMENT '...'`, and the type aliases (`long`/`bigint`, `byte`/`tinyint`, `varchar(n)` ...).
 *
 * ```ts
 * parseSchemaDDL("id BIGINT NOT NULL, tags ARRAY<STRING>");
 * parseTypeDDL("decimal(10,2)"); // { kind: "decimal", precision: 10, scale: 2 }
 * ```
 */
import { AnalysisError } from "../common/errors.js";
import {
  ArrayType, BinaryType, BooleanType, ByteType, DateType, DecimalType, DoubleType, FloatType, IntegerType,
  LongType, MapType, NullType, ShortType, StringType, StructField, StructType, TimestampType,
  DAY_TIME_FIELDS, DayTimeIntervalType, YEAR_MONTH_FIELDS, YearMonthIntervalType,
  type DataType, type DayTimeField, type YearMonthField,
} from "./data-types.js";

type Tok = { kind: "ident" | "quoted" | "number" | "string" | "punct"; text: string; pos: number };

function tokenize(src: string): Tok[] {
  const toks: Tok[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (/\s/.test(c)) { i++; continue; }
    if (c === "`") {
      let j = i + 1; let text = "";
      for (;;) {
        if (j >= src.length) throw ddlError(src, i, "unterminated backquoted name");
        if (src[j] === "`") {
          if (src[j + 1] === "`") { text += "`"; j += 2; continue; }
          break;
        }
        text += src[j]; j++;
      }
      toks.push({ kind: "quoted", text, pos: i }); i = j + 1; continue;
    }
    if (c === "'" || c === '"') {
      let j = i + 1; let text = "";
      while (j < src.length && src[j] !== c) { if (src[j] === "\\") j++; text += src[j] ?? ""; j++; }
      if (j >= src.length) throw ddlError(src, i, "unterminated string");
      toks.push({ kind: "string", text, pos: i }); i = j + 1; continue;
    }
    if (/[0-9]/.test(c)) {
      let j = i; while (j < src.length && /[0-9]/.test(src[j]!)) j++;
      toks.push({ kind: "number", text: src.slice(i, j), pos: i }); i = j; continue;
    }
    if (/[A-Za-z_]/.test(c)) {
      let j = i; while (j < src.length && /[A-Za-z0-9_]/.test(src[j]!)) j++;
      toks.push({ kind: "ident", text: src.slice(i, j), pos: i }); i = j; continue;
    }
    if ("<>(),:".includes(c)) { toks.push({ kind: "punct", text: c, pos: i }); i++; continue; }
    throw ddlError(src, i, `unexpected character '${c}'`);
  }
  return toks;
}

function ddlError(src: string, pos: number, what: string): AnalysisError {
  return new AnalysisError(
    `[PARSE_SYNTAX_ERROR] Syntax error in schema string at position ${pos}: ${what}.\n== DDL ==\n${src}\n${" ".repeat(pos)}^`,
    { context: { position: pos }, hint: 'Write the schema as "name TYPE, name TYPE", e.g. "id INT, name STRING".' },
  );
}

class DdlParser {
  private i = 0;
  constructor(private readonly src: string, private readonly toks: Tok[]) {}

  private peek(): Tok | undefined { return this.toks[this.i]; }
  private atEnd(): boolean { return this.i >= this.toks.length; }
  private pos(): number { return this.peek()?.pos ?? this.src.length; }
  private isPunct(p: string): boolean { const t = this.peek(); return t?.kind === "punct" && t.text === p; }
  private isWord(w: string): boolean { const t = this.peek(); return t?.kind === "ident" && t.text.toLowerCase() === w; }
  private expectPunct(p: string): void {
    if (!this.isPunct(p)) throw ddlError(this.src, this.pos(), `expected '${p}'`);
    this.i++;
  }
  private number(): number {
    const t = this.peek();
    if (t?.kind !== "number") throw ddlError(this.src, this.pos(), "expected a number");
    this.i++; return Number(t.text);
  }
  private name(): string {
    const t = this.peek();
    if (t === undefined || (t.kind !== "ident" && t.kind !== "quoted")) throw ddlError(this.src, this.pos(), "expected a field name");
    this.i++; return t.text;
  }

  fields(closing?: string): StructField[] {
    const out: StructField[] = [];
    if (closing !== undefined && this.isPunct(closing)) return out;
    for (;;) {
      const name = this.name();
      if (this.isPunct(":")) this.i++;
      const dataType = this.type();
      let nullable = true;
      for (;;) {
        if (this.isWord("not")) { this.i++; if (!this.isWord("null")) throw ddlError(this.src, this.pos(), "expected NULL after NOT"); this.i++; nullable = false; continue; }
        if (this.isWord("comment")) { this.i++; const s = this.peek(); if (s?.kind !== "string") throw ddlError(this.src, this.pos(), "expected a comment string"); this.i++; continue; }
        break;
      }
      out.push(StructField(name, dataType, nullable));
      if (this.isPunct(",")) { this.i++; continue; }
      return out;
    }
  }

  type(): DataType {
    const t = this.peek();
    if (t?.kind !== "ident") throw ddlError(this.src, this.pos(), "expected a data type");
    this.i++;
    const w = t.text.toLowerCase();
    switch (w) {
      case "boolean": case "bool": return BooleanType();
      case "tinyint": case "byte": return ByteType();
      case "smallint": case "short": return ShortType();
      case "int": case "integer": return IntegerType();
      case "bigint": case "long": return LongType();
      case "float": case "real": return FloatType();
      case "double": return DoubleType();
      case "string": case "text": return StringType();
      case "varchar": case "char": case "character":
        if (this.isPunct("(")) { this.i++; this.number(); this.expectPunct(")"); }
        return StringType();
      case "binary": return BinaryType();
      case "date": return DateType();
      case "timestamp": case "timestamp_ltz": return TimestampType();
      case "void": return NullType();
      case "interval": return this.intervalType(t.pos);
      case "decimal": case "dec": case "numeric": {
        if (!this.isPunct("(")) return DecimalType(10, 0);
        this.i++;
        const p = this.number();
        let s = 0;
        if (this.isPunct(",")) { this.i++; s = this.number(); }
        this.expectPunct(")");
        return DecimalType(p, s);
      }
      case "array": { this.expectPunct("<"); const e = this.type(); this.expectPunct(">"); return ArrayType(e, true); }
      case "map": {
        this.expectPunct("<"); const k = this.type(); this.expectPunct(","); const v = this.type(); this.expectPunct(">");
        return MapType(k, v, true);
      }
      case "struct": {
        this.expectPunct("<"); const fs = this.fields(">"); this.expectPunct(">");
        return StructType(fs);
      }
      default:
        throw new AnalysisError(`[UNSUPPORTED_DATATYPE] Unsupported data type "${t.text.toUpperCase()}".`, {
          context: { position: t.pos },
          hint: "Use one of BOOLEAN, TINYINT, SMALLINT, INT, BIGINT, FLOAT, DOUBLE, DECIMAL(p,s), STRING, BINARY, DATE, TIMESTAMP, ARRAY<..>, MAP<..,..>, STRUCT<..>.",
        });
    }
  }

  /** `INTERVAL DAY TO SECOND`, `INTERVAL HOUR`, `INTERVAL YEAR TO MONTH` (Spark's `interval` type rule). */
  private intervalType(pos: number): DataType {
    const field = (): string => {
      const f = this.peek();
      if (f?.kind !== "ident") throw ddlError(this.src, this.pos(), "expected an interval field (YEAR, MONTH, DAY, HOUR, MINUTE or SECOND)");
      this.i++;
      return f.text.toLowerCase();
    };
    const from = field();
    let to = from;
    if (this.isWord("to")) { this.i++; to = field(); }
    const dt = DAY_TIME_FIELDS as readonly string[];
    const ym = YEAR_MONTH_FIELDS as readonly string[];
    if (dt.includes(from) && dt.includes(to) && dt.indexOf(to) >= dt.indexOf(from)) {
      return DayTimeIntervalType(dt.indexOf(from) as DayTimeField, dt.indexOf(to) as DayTimeField);
    }
    if (ym.includes(from) && ym.includes(to) && ym.indexOf(to) >= ym.indexOf(from)) {
      return YearMonthIntervalType(ym.indexOf(from) as YearMonthField, ym.indexOf(to) as YearMonthField);
    }
    throw ddlError(this.src, pos, `invalid interval type INTERVAL ${from.toUpperCase()}${to === from ? "" : ` TO ${to.toUpperCase()}`}`);
  }

  end(): void { if (!this.atEnd()) throw ddlError(this.src, this.pos(), "unexpected trailing input"); }
}

/**
 * Parses a DDL schema: `"a INT, b STRING NOT NULL"`, or `"struct<a:int>"`.
 *
 * ```ts
 * parseSchemaDDL("vendor_id INT, pickup TIMESTAMP").fields.length; // 2
 * ```
 */
export function parseSchemaDDL(ddl: string): StructType {
  const toks = tokenize(ddl);
  // PySpark accepts "struct<...>" as a schema too.
  if (toks[0]?.kind === "ident" && toks[0].text.toLowerCase() === "struct" && toks[1]?.text === "<") {
    const p = new DdlParser(ddl, toks);
    const t = p.type(); p.end();
    return t as StructType;
  }
  const p = new DdlParser(ddl, toks);
  const fields = p.fields();
  p.end();
  return StructType(fields);
}

/**
 * Parses one data type: `"int"`, `"decimal(10,2)"`, `"array<string>"`.
 *
 * ```ts
 * parseTypeDDL("bigint"); // LongType()
 * ```
 */
export function parseTypeDDL(text: string): DataType {
  const p = new DdlParser(text, tokenize(text));
  const t = p.type();
  p.end();
  return t;
}
