-- PLT-1 in the database: every reference to a tenant-owned row goes through (tenant_id, id).
ALTER TABLE "accounts" DROP CONSTRAINT "accounts_portal_role_id_portal_roles_id_fk";
--> statement-breakpoint
ALTER TABLE "auth_tokens" DROP CONSTRAINT "auth_tokens_contact_id_contacts_id_fk";
--> statement-breakpoint
ALTER TABLE "portal_events" DROP CONSTRAINT "portal_events_contact_id_contacts_id_fk";
--> statement-breakpoint
ALTER TABLE "sessions" DROP CONSTRAINT "sessions_staff_user_id_staff_users_id_fk";
--> statement-breakpoint
ALTER TABLE "sessions" DROP CONSTRAINT "sessions_contact_id_contacts_id_fk";
--> statement-breakpoint
ALTER TABLE "sessions" DROP CONSTRAINT "sessions_current_account_id_accounts_id_fk";
--> statement-breakpoint
ALTER TABLE "account_contacts" DROP CONSTRAINT "account_contacts_account_id_accounts_id_fk";
--> statement-breakpoint
ALTER TABLE "account_contacts" DROP CONSTRAINT "account_contacts_contact_id_contacts_id_fk";
--> statement-breakpoint
ALTER TABLE "account_contacts" DROP CONSTRAINT "account_contacts_portal_role_id_portal_roles_id_fk";
--> statement-breakpoint
ALTER TABLE "recovery_codes" DROP CONSTRAINT "recovery_codes_contact_id_contacts_id_fk";
--> statement-breakpoint
ALTER TABLE "staff_users" DROP CONSTRAINT "staff_users_role_id_staff_roles_id_fk";
--> statement-breakpoint
ALTER TABLE "attachments" DROP CONSTRAINT "attachments_ticket_id_tickets_id_fk";
--> statement-breakpoint
ALTER TABLE "jobs" DROP CONSTRAINT "jobs_account_id_accounts_id_fk";
--> statement-breakpoint
ALTER TABLE "jobs" DROP CONSTRAINT "jobs_manager_staff_id_staff_users_id_fk";
--> statement-breakpoint
ALTER TABLE "jobs" DROP CONSTRAINT "jobs_contact_id_contacts_id_fk";
--> statement-breakpoint
ALTER TABLE "lookups" DROP CONSTRAINT "lookups_account_id_accounts_id_fk";
--> statement-breakpoint
ALTER TABLE "ticket_notes" DROP CONSTRAINT "ticket_notes_ticket_id_tickets_id_fk";
--> statement-breakpoint
ALTER TABLE "ticket_notes" DROP CONSTRAINT "ticket_notes_author_staff_id_staff_users_id_fk";
--> statement-breakpoint
ALTER TABLE "ticket_notes" DROP CONSTRAINT "ticket_notes_author_contact_id_contacts_id_fk";
--> statement-breakpoint
ALTER TABLE "tickets" DROP CONSTRAINT "tickets_account_id_accounts_id_fk";
--> statement-breakpoint
ALTER TABLE "tickets" DROP CONSTRAINT "tickets_job_id_jobs_id_fk";
--> statement-breakpoint
ALTER TABLE "tickets" DROP CONSTRAINT "tickets_contact_id_contacts_id_fk";
--> statement-breakpoint
ALTER TABLE "tickets" DROP CONSTRAINT "tickets_assigned_staff_id_staff_users_id_fk";
--> statement-breakpoint
ALTER TABLE "time_entries" DROP CONSTRAINT "time_entries_ticket_id_tickets_id_fk";
--> statement-breakpoint
ALTER TABLE "time_entries" DROP CONSTRAINT "time_entries_staff_id_staff_users_id_fk";
--> statement-breakpoint
ALTER TABLE "accounts" ADD CONSTRAINT "accounts_tenant_id_id_key" UNIQUE("tenant_id","id");
--> statement-breakpoint
ALTER TABLE "contacts" ADD CONSTRAINT "contacts_tenant_id_id_key" UNIQUE("tenant_id","id");
--> statement-breakpoint
ALTER TABLE "staff_roles" ADD CONSTRAINT "staff_roles_tenant_id_id_key" UNIQUE("tenant_id","id");
--> statement-breakpoint
ALTER TABLE "staff_users" ADD CONSTRAINT "staff_users_tenant_id_id_key" UNIQUE("tenant_id","id");
--> statement-breakpoint
ALTER TABLE "portal_roles" ADD CONSTRAINT "portal_roles_tenant_id_id_key" UNIQUE("tenant_id","id");
--> statement-breakpoint
ALTER TABLE "jobs" ADD CONSTRAINT "jobs_tenant_id_id_key" UNIQUE("tenant_id","id");
--> statement-breakpoint
ALTER TABLE "lookups" ADD CONSTRAINT "lookups_tenant_id_id_key" UNIQUE("tenant_id","id");
--> statement-breakpoint
ALTER TABLE "tickets" ADD CONSTRAINT "tickets_tenant_id_id_key" UNIQUE("tenant_id","id");
--> statement-breakpoint
-- References that had no foreign key before (ticket lists on tickets and roles) and point at a missing row,
-- or at another tenant's, are cleared; a ticket's status falls back to its tenant's first status.
UPDATE "tickets" t SET "priority_id" = NULL WHERE "priority_id" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "lookups" l WHERE l."id" = t."priority_id" AND l."tenant_id" = t."tenant_id");
--> statement-breakpoint
UPDATE "tickets" t SET "type_id" = NULL WHERE "type_id" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "lookups" l WHERE l."id" = t."type_id" AND l."tenant_id" = t."tenant_id");
--> statement-breakpoint
UPDATE "tickets" t SET "issue_type_id" = NULL WHERE "issue_type_id" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "lookups" l WHERE l."id" = t."issue_type_id" AND l."tenant_id" = t."tenant_id");
--> statement-breakpoint
UPDATE "tickets" t SET "sub_issue_type_id" = NULL WHERE "sub_issue_type_id" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "lookups" l WHERE l."id" = t."sub_issue_type_id" AND l."tenant_id" = t."tenant_id");
--> statement-breakpoint
UPDATE "tickets" t SET "site_id" = NULL WHERE "site_id" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "lookups" l WHERE l."id" = t."site_id" AND l."tenant_id" = t."tenant_id");
--> statement-breakpoint
UPDATE "tickets" t SET "hardware_asset_id" = NULL WHERE "hardware_asset_id" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "lookups" l WHERE l."id" = t."hardware_asset_id" AND l."tenant_id" = t."tenant_id");
--> statement-breakpoint
UPDATE "tickets" t SET "software_asset_id" = NULL WHERE "software_asset_id" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "lookups" l WHERE l."id" = t."software_asset_id" AND l."tenant_id" = t."tenant_id");
--> statement-breakpoint
UPDATE "tickets" t SET "status_id" = (SELECT l."id" FROM "lookups" l WHERE l."tenant_id" = t."tenant_id" AND l."kind" = 'status' ORDER BY l."sort", l."id" LIMIT 1) WHERE NOT EXISTS (SELECT 1 FROM "lookups" l WHERE l."id" = t."status_id" AND l."tenant_id" = t."tenant_id");
--> statement-breakpoint
UPDATE "lookups" c SET "parent_id" = NULL WHERE "parent_id" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "lookups" l WHERE l."id" = c."parent_id" AND l."tenant_id" = c."tenant_id");
--> statement-breakpoint
UPDATE "portal_roles" r SET "default_type_id" = NULL WHERE "default_type_id" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "lookups" l WHERE l."id" = r."default_type_id" AND l."tenant_id" = r."tenant_id");
--> statement-breakpoint
UPDATE "portal_roles" r SET "default_priority_id" = NULL WHERE "default_priority_id" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "lookups" l WHERE l."id" = r."default_priority_id" AND l."tenant_id" = r."tenant_id");
--> statement-breakpoint
ALTER TABLE "accounts" ADD CONSTRAINT "accounts_portal_role_fk" FOREIGN KEY ("tenant_id","portal_role_id") REFERENCES "public"."portal_roles"("tenant_id","id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "auth_tokens" ADD CONSTRAINT "auth_tokens_contact_fk" FOREIGN KEY ("tenant_id","contact_id") REFERENCES "public"."contacts"("tenant_id","id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "portal_events" ADD CONSTRAINT "portal_events_contact_fk" FOREIGN KEY ("tenant_id","contact_id") REFERENCES "public"."contacts"("tenant_id","id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_staff_user_fk" FOREIGN KEY ("tenant_id","staff_user_id") REFERENCES "public"."staff_users"("tenant_id","id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_contact_fk" FOREIGN KEY ("tenant_id","contact_id") REFERENCES "public"."contacts"("tenant_id","id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_current_account_fk" FOREIGN KEY ("tenant_id","current_account_id") REFERENCES "public"."accounts"("tenant_id","id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "account_contacts" ADD CONSTRAINT "account_contacts_account_fk" FOREIGN KEY ("tenant_id","account_id") REFERENCES "public"."accounts"("tenant_id","id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "account_contacts" ADD CONSTRAINT "account_contacts_contact_fk" FOREIGN KEY ("tenant_id","contact_id") REFERENCES "public"."contacts"("tenant_id","id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "account_contacts" ADD CONSTRAINT "account_contacts_portal_role_fk" FOREIGN KEY ("tenant_id","portal_role_id") REFERENCES "public"."portal_roles"("tenant_id","id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "recovery_codes" ADD CONSTRAINT "recovery_codes_contact_fk" FOREIGN KEY ("tenant_id","contact_id") REFERENCES "public"."contacts"("tenant_id","id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "staff_users" ADD CONSTRAINT "staff_users_role_fk" FOREIGN KEY ("tenant_id","role_id") REFERENCES "public"."staff_roles"("tenant_id","id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "portal_roles" ADD CONSTRAINT "portal_roles_default_type_fk" FOREIGN KEY ("tenant_id","default_type_id") REFERENCES "public"."lookups"("tenant_id","id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "portal_roles" ADD CONSTRAINT "portal_roles_default_priority_fk" FOREIGN KEY ("tenant_id","default_priority_id") REFERENCES "public"."lookups"("tenant_id","id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "attachments" ADD CONSTRAINT "attachments_ticket_fk" FOREIGN KEY ("tenant_id","ticket_id") REFERENCES "public"."tickets"("tenant_id","id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "jobs" ADD CONSTRAINT "jobs_account_fk" FOREIGN KEY ("tenant_id","account_id") REFERENCES "public"."accounts"("tenant_id","id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "jobs" ADD CONSTRAINT "jobs_manager_fk" FOREIGN KEY ("tenant_id","manager_staff_id") REFERENCES "public"."staff_users"("tenant_id","id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "jobs" ADD CONSTRAINT "jobs_contact_fk" FOREIGN KEY ("tenant_id","contact_id") REFERENCES "public"."contacts"("tenant_id","id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "lookups" ADD CONSTRAINT "lookups_parent_fk" FOREIGN KEY ("tenant_id","parent_id") REFERENCES "public"."lookups"("tenant_id","id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "lookups" ADD CONSTRAINT "lookups_account_fk" FOREIGN KEY ("tenant_id","account_id") REFERENCES "public"."accounts"("tenant_id","id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "ticket_notes" ADD CONSTRAINT "ticket_notes_ticket_fk" FOREIGN KEY ("tenant_id","ticket_id") REFERENCES "public"."tickets"("tenant_id","id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "ticket_notes" ADD CONSTRAINT "ticket_notes_author_staff_fk" FOREIGN KEY ("tenant_id","author_staff_id") REFERENCES "public"."staff_users"("tenant_id","id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "ticket_notes" ADD CONSTRAINT "ticket_notes_author_contact_fk" FOREIGN KEY ("tenant_id","author_contact_id") REFERENCES "public"."contacts"("tenant_id","id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "tickets" ADD CONSTRAINT "tickets_account_fk" FOREIGN KEY ("tenant_id","account_id") REFERENCES "public"."accounts"("tenant_id","id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "tickets" ADD CONSTRAINT "tickets_job_fk" FOREIGN KEY ("tenant_id","job_id") REFERENCES "public"."jobs"("tenant_id","id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "tickets" ADD CONSTRAINT "tickets_contact_fk" FOREIGN KEY ("tenant_id","contact_id") REFERENCES "public"."contacts"("tenant_id","id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "tickets" ADD CONSTRAINT "tickets_assigned_staff_fk" FOREIGN KEY ("tenant_id","assigned_staff_id") REFERENCES "public"."staff_users"("tenant_id","id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "tickets" ADD CONSTRAINT "tickets_status_fk" FOREIGN KEY ("tenant_id","status_id") REFERENCES "public"."lookups"("tenant_id","id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "tickets" ADD CONSTRAINT "tickets_priority_fk" FOREIGN KEY ("tenant_id","priority_id") REFERENCES "public"."lookups"("tenant_id","id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "tickets" ADD CONSTRAINT "tickets_type_fk" FOREIGN KEY ("tenant_id","type_id") REFERENCES "public"."lookups"("tenant_id","id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "tickets" ADD CONSTRAINT "tickets_issue_type_fk" FOREIGN KEY ("tenant_id","issue_type_id") REFERENCES "public"."lookups"("tenant_id","id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "tickets" ADD CONSTRAINT "tickets_sub_issue_type_fk" FOREIGN KEY ("tenant_id","sub_issue_type_id") REFERENCES "public"."lookups"("tenant_id","id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "tickets" ADD CONSTRAINT "tickets_site_fk" FOREIGN KEY ("tenant_id","site_id") REFERENCES "public"."lookups"("tenant_id","id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "tickets" ADD CONSTRAINT "tickets_hardware_asset_fk" FOREIGN KEY ("tenant_id","hardware_asset_id") REFERENCES "public"."lookups"("tenant_id","id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "tickets" ADD CONSTRAINT "tickets_software_asset_fk" FOREIGN KEY ("tenant_id","software_asset_id") REFERENCES "public"."lookups"("tenant_id","id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "time_entries" ADD CONSTRAINT "time_entries_ticket_fk" FOREIGN KEY ("tenant_id","ticket_id") REFERENCES "public"."tickets"("tenant_id","id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "time_entries" ADD CONSTRAINT "time_entries_staff_fk" FOREIGN KEY ("tenant_id","staff_id") REFERENCES "public"."staff_users"("tenant_id","id") ON DELETE no action ON UPDATE no action;
