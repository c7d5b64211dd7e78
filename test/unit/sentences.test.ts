import { describe, expect, it } from "vitest";
import { asSentence, fieldLabel, fieldSentence, underFieldSentence } from "../../src/shared/sentences.js";

describe("FIRST-18 messages are whole sentences", () => {
  it("FIRST-18 a field's name reads as words", () => {
    expect(fieldLabel("managerStaffId")).toBe("Manager");
    expect(fieldLabel("accountIds")).toBe("Accounts");
    expect(fieldLabel("query.pageSize")).toBe("Page size");
    expect(fieldLabel("(body)")).toBe("The request");
  });

  it("FIRST-18 a fragment gets its subject, a capital and a full stop; a sentence is left as it is", () => {
    expect(fieldSentence("passwordMinLength", "must be at least 12")).toBe("Password min length must be at least 12.");
    expect(fieldSentence("email", "add an email address to the contact before granting portal access")).toBe("Add an email address to the contact before granting portal access.");
    expect(underFieldSentence("is required while the contact has portal access")).toBe("This is required while the contact has portal access.");
    expect(asSentence("Portal access is not enabled")).toBe("Portal access is not enabled.");
    expect(asSentence("Are you sure?")).toBe("Are you sure?");
  });
});
