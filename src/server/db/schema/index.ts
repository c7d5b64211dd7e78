export * from "./accounts.js";
export * from "./auth.js";
export * from "./contacts.js";
export * from "./outbox.js";
export * from "./staff.js";
export * from "./tenants.js";
export * from "./portal-roles.js";
export * from "./tickets.js";
