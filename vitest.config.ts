import { defineConfig } from "vitest/config";

// Unit tests live beside the code (src/**/*.test.ts); integration, differential and golden tests
// under test/. Integration tests share one real Kafka, Spark and JupyterLab, and this machine has
// two cores, so test files run one at a time.
export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 300_000,
  },
});
