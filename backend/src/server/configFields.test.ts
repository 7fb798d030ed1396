import { describe, expect, it } from "vitest";
import { BACKEND_OPTIONS } from "./backendOptions.js";
import { ConfigError } from "./configError.js";
import { configFromValues } from "./configFields.js";

const defaults = () => new Map(BACKEND_OPTIONS.map((o) => [o.key, o.fallback]));

describe("configFromValues", () => {
  it("types every field from the option table's defaults", () => {
    const c = configFromValues(defaults());
    expect(c.httpPort).toBe(8080);
    expect(c.role).toBe("all");
    expect(c.pg).toBeUndefined();
  });

  it("refuses a value of the wrong type for its field, naming the option", () => {
    for (const [key, bad, kind] of [
      ["http_port", "8080", "a number"],
      ["lease", 1, "true or false"],
      ["role", "every", "one of all, ingest"],
      ["data", undefined, "text"],
    ] as const) {
      const values = defaults();
      values.set(key, bad);
      const o = BACKEND_OPTIONS.find((x) => x.key === key);
      expect(() => configFromValues(values)).toThrow(ConfigError);
      expect(() => configFromValues(values)).toThrow(`${key} (${o?.flag}, ${o?.env}) must be ${kind}`);
    }
  });
});
