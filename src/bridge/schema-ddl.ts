/**
 * Spark DDL text for a schema or type (moved to src/types/schema-ddl.ts so that expressions can
 * carry a schema as DDL, e.g. `from_json(value, 'a INT')`); re-exported for the generator.
 *
 * ```ts
 * schemaDDL(StructType([StructField("vendor id", IntegerType())])); // "`vendor id` INT"
 * ```
 */
export { ddlName, schemaDDL, typeDDL } from "../types/schema-ddl.js";
