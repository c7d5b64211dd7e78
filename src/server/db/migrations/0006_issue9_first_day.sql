ALTER TABLE "auth_tokens" ADD COLUMN "staff_user_id" uuid;--> statement-breakpoint
ALTER TABLE "portal_settings" ADD COLUMN "new_ticket_assignee_id" uuid;--> statement-breakpoint
ALTER TABLE "lookups" ADD COLUMN "awaits_customer" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "customer_replied_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "resume_status_id" uuid;--> statement-breakpoint
ALTER TABLE "auth_tokens" ADD CONSTRAINT "auth_tokens_staff_user_fk" FOREIGN KEY ("tenant_id","staff_user_id") REFERENCES "public"."staff_users"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "portal_settings" ADD CONSTRAINT "portal_settings_new_ticket_assignee_fk" FOREIGN KEY ("tenant_id","new_ticket_assignee_id") REFERENCES "public"."staff_users"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tickets" ADD CONSTRAINT "tickets_resume_status_fk" FOREIGN KEY ("tenant_id","resume_status_id") REFERENCES "public"."lookups"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "auth_tokens_staff_user_idx" ON "auth_tokens" USING btree ("staff_user_id");--> statement-breakpoint
UPDATE "lookups" SET "awaits_customer" = true WHERE "kind" = 'status' AND lower("name") = 'waiting for customer';--> statement-breakpoint
UPDATE "portal_settings" ps SET "new_ticket_assignee_id" = (
  SELECT su.id FROM "staff_users" su JOIN "staff_roles" sr ON sr.id = su.role_id
  WHERE su.tenant_id = ps.tenant_id AND su.disabled_at IS NULL AND 'admin' = ANY(sr.permissions)
  ORDER BY su.created_at, su.id LIMIT 1
) WHERE ps."new_ticket_assignee_id" IS NULL;
