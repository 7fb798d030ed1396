import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { LoginBook } from "./loginBook.js";

describe("LoginBook", () => {
  it("accepts only logins newer than the device's last, per device, and keeps them across a reopen", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tet-login-book-"));
    try {
      const file = join(dir, "broker.db");
      const book = LoginBook.open(file);
      expect(book.accept("a", 1000)).toBe(true);
      expect(book.accept("a", 1000)).toBe(false); // the same login again
      expect(book.accept("a", 999)).toBe(false);
      expect(book.accept("b", 5)).toBe(true); // another device has its own entry
      expect(book.accept("a", 1001)).toBe(true);
      await book.persisted();
      book.close();
      const again = LoginBook.open(file);
      expect(again.last("a")).toBe(1001);
      expect(again.accept("a", 1001)).toBe(false);
      expect(again.accept("b", 6)).toBe(true);
      expect(again.last("c")).toBeUndefined();
      again.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("works in memory without a file", async () => {
    const book = LoginBook.open();
    expect(book.accept("a", 1)).toBe(true);
    expect(book.accept("a", 1)).toBe(false);
    await book.persisted();
    book.close();
  });
});
