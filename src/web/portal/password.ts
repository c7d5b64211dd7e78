import type { PortalInfo } from "../../shared/api";

/** The tenant's password rules in words (ACC-5). */
export function passwordHints(p: PortalInfo["passwordPolicy"]) {
  const parts = [`At least ${p.minLength} characters`];
  if (p.requireUpper) parts.push("an upper-case letter");
  if (p.requireLower) parts.push("a lower-case letter");
  if (p.requireDigit) parts.push("a digit");
  if (p.requireSymbol) parts.push("a symbol");
  return `${parts.join(", ")}. Common passwords are not accepted.`;
}
