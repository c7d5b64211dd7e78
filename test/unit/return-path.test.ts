import { describe, expect, it } from "vitest";
import { safeReturnPath, signInPath } from "../../src/shared/return-path.js";

describe("FIRST-2 links survive sign-in, and only to this site", () => {
  it("FIRST-2 a page of the same app is kept, with its query and fragment", () => {
    expect(safeReturnPath("/portal/tickets/5b1c?tab=notes#n2", "/portal/")).toBe("/portal/tickets/5b1c?tab=notes#n2");
    expect(safeReturnPath("/admin/contacts?q=ann", "/admin/")).toBe("/admin/contacts?q=ann");
  });

  it("FIRST-2 another origin, a scheme, a protocol-relative or backslashed path is refused (no open redirect)", () => {
    for (const next of [
      "https://evil.test/portal/",
      "//evil.test/portal/",
      "/portal/\\evil.test",
      "/\\evil.test",
      "javascript:alert(1)",
      "/portal/%0d%0aLocation:x",
      "/portal/\nx",
      "/portal/../admin/staff",
      "/admin/tickets",
      "portal/tickets",
      "",
      null,
      undefined,
    ]) {
      const kept = safeReturnPath(next, "/portal/");
      if (kept !== null) {
        expect(kept.startsWith("/portal/"), String(next)).toBe(true);
        expect(new URL(kept, "https://portal.example").origin).toBe("https://portal.example");
      }
    }
    expect(safeReturnPath("//evil.test/portal/", "/portal/")).toBeNull();
    expect(safeReturnPath("/portal/\\evil.test", "/portal/")).toBeNull();
    expect(safeReturnPath("/portal/../admin/staff", "/portal/")).toBeNull();
    expect(safeReturnPath("/admin/tickets", "/portal/")).toBeNull();
  });

  it("FIRST-2 the sign-in pages themselves are never a return address", () => {
    expect(safeReturnPath("/portal/login?next=/portal/x", "/portal/")).toBeNull();
    expect(safeReturnPath("/admin/setup", "/admin/")).toBeNull();
    expect(signInPath("/portal/", "/portal/")).toBe("/portal/login");
    expect(signInPath("/portal/", "/portal/tickets/1")).toBe("/portal/login?next=%2Fportal%2Ftickets%2F1");
  });
});
