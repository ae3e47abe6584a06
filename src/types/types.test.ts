import { describe, expect, it } from "vitest";
import { AnalysisError } from "../common/errors.js";
import {
  ArrayType, DecimalType, IntegerType, LongType, MapType, StringType, StructField, StructType, TimestampType,
  simpleString, sqlTypeName, typeName,
} from "./data-types.js";
import { parseSchemaDDL, parseTypeDDL } from "./ddl.js";
import { treeString } from "./tree-string.js";
import { fromArrowSchema, toArrowSchema } from "./arrow-types.js";

describe("data types", () => {
  it("prints simpleString and typeName like Spark", () => {
    expect(simpleString(LongType())).toBe("bigint");
    expect(typeName(LongType())).toBe("long");
    expect(simpleString(StructType([StructField("a", IntegerType()), StructField("b", ArrayType(StringType()))])))
      .toBe("struct<a:int,b:array<string>>");
    expect(simpleString(MapType(StringType(), DecimalType(10, 2)))).toBe("map<string,decimal(10,2)>");
    expect(sqlTypeName(IntegerType())).toBe("INT");
  });
  it("rejects a decimal precision above 38", () => {
    expect(() => DecimalType(39, 0)).toThrow(AnalysisError);
  });
});

describe("DDL", () => {
  it("parses a schema with aliases, NOT NULL and nested types", () => {
    const s = parseSchemaDDL("vendor_id INT, pickup TIMESTAMP NOT NULL, `a b` struct<x: long, y:array<string>>, m MAP<STRING,INT>");
    expect(s.fields.map((f) => f.name)).toEqual(["vendor_id", "pickup", "a b", "m"]);
    expect(s.fields[1]).toEqual(StructField("pickup", TimestampType(), false));
    expect(simpleString(s)).toBe("struct<vendor_id:int,pickup:timestamp,a b:struct<x:bigint,y:array<string>>,m:map<string,int>>");
  });
  it("parses the colon form and single types", () => {
    expect(parseSchemaDDL("a: int, b: string").fields.length).toBe(2);
    expect(parseTypeDDL("decimal(10, 2)")).toEqual(DecimalType(10, 2));
    expect(parseTypeDDL("DECIMAL")).toEqual(DecimalType(10, 0));
    expect(parseTypeDDL("varchar(10)")).toEqual(StringType());
  });
  it("points at the position of a syntax error", () => {
    expect(() => parseSchemaDDL("a INT,, b INT")).toThrow(/position 6/);
    expect(() => parseSchemaDDL("a FOO")).toThrow(/UNSUPPORTED_DATATYPE.*"FOO"/);
  });
});

describe("printSchema tree", () => {
  it("matches Spark's treeString for nested types", () => {
    const s = parseSchemaDDL("a INT, s STRUCT<x: INT NOT NULL>, arr ARRAY<STRING>, m MAP<STRING, DOUBLE>, d DECIMAL(5,2)");
    expect(treeString(s)).toBe(
      "root\n" +
      " |-- a: integer (nullable = true)\n" +
      " |-- s: struct (nullable = true)\n" +
      " |    |-- x: integer (nullable = false)\n" +
      " |-- arr: array (nullable = true)\n" +
      " |    |-- element: string (containsNull = true)\n" +
      " |-- m: map (nullable = true)\n" +
      " |    |-- key: string\n" +
      " |    |-- value: double (valueContainsNull = true)\n" +
      " |-- d: decimal(5,2) (nullable = true)\n",
    );
  });
  it("prints an empty schema as just root", () => {
    expect(treeString(StructType())).toBe("root\n");
  });
});

describe("Arrow mapping", () => {
  it("round-trips a schema", () => {
    const s = parseSchemaDDL("a TINYINT, b SMALLINT, c INT, d BIGINT, e FLOAT, f DOUBLE, g DECIMAL(12,3), h STRING, i BINARY, j DATE, k TIMESTAMP, l ARRAY<INT>, m STRUCT<x: STRING>, n MAP<STRING, INT>, o BOOLEAN");
    expect(fromArrowSchema(toArrowSchema(s))).toEqual(s);
  });
});
