import { describe, expect, it } from "vitest";
import { safeHref } from "./safeHref.js";

describe("safeHref (document links on the passport page)", () => {
  it("links http, https, ipfs and ipns URIs", () => {
    expect(safeHref("https://example.org/manual.pdf")).toBe("https://example.org/manual.pdf");
    expect(safeHref("http://example.org/a b")).toBe("http://example.org/a%20b");
    expect(safeHref("ipfs://bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi")).toMatch(/^ipfs:/);
    expect(safeHref("ipns://example.org")).toBe("ipns://example.org");
  });

  it("never links code or local files, whatever the spelling", () => {
    for (const uri of [
      "javascript:alert(1)",
      "JavaScript:alert(1)",
      " javascript:alert(1)",
      "java\tscript:alert(1)",
      "\u0000javascript:alert(1)",
      "data:text/html,<script>alert(1)</script>",
      "vbscript:msgbox(1)",
      "file:///etc/passwd",
      "/relative/path",
      "not a uri",
      "",
    ])
      expect(safeHref(uri), JSON.stringify(uri)).toBeUndefined();
  });
});
