import { createHash, randomBytes } from "node:crypto";

/** 256 bits from the CSPRNG, URL-safe. */
export const newToken = () => randomBytes(32).toString("base64url");
/** Only this digest is stored; the token itself lives in the cookie or the link. */
export const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");
