CREATE TABLE "approval_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"request_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"staff_id" uuid,
	"contact_id" uuid,
	"actor_name" text NOT NULL,
	"comment" text DEFAULT '' NOT NULL,
	"ip" text,
	"user_agent" text,
	"statement_hash" text,
	"seq" bigserial NOT NULL
);
--> statement-breakpoint
CREATE TABLE "approval_lines" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"request_id" uuid NOT NULL,
	"time_entry_id" uuid NOT NULL,
	"ticket_id" uuid NOT NULL,
	"ticket_number" integer NOT NULL,
	"ticket_title" text NOT NULL,
	"staff_name" text NOT NULL,
	"work_date" date NOT NULL,
	"hours" numeric(6, 2) NOT NULL,
	"note" text NOT NULL,
	"rate" numeric(12, 2) NOT NULL,
	"amount" numeric(14, 2) NOT NULL,
	"sort" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "approval_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"job_id" uuid NOT NULL,
	"account_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"status" text NOT NULL,
	"cut_off" date NOT NULL,
	"contact_id" uuid NOT NULL,
	"sent_by_staff_id" uuid,
	"sent_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"closed_at" timestamp with time zone,
	"currency" text NOT NULL,
	"total_hours" numeric(10, 2) NOT NULL,
	"total_amount" numeric(14, 2) NOT NULL,
	"statement_hash" text NOT NULL,
	CONSTRAINT "approval_requests_tenant_id_id_key" UNIQUE("tenant_id","id")
);
--> statement-breakpoint
ALTER TABLE "staff_users" ADD COLUMN "hourly_rate" numeric(12, 2);--> statement-breakpoint
ALTER TABLE "portal_settings" ADD COLUMN "currency" text DEFAULT 'USD' NOT NULL;--> statement-breakpoint
ALTER TABLE "jobs" ADD COLUMN "requires_approval" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "jobs" ADD COLUMN "billing_rate" numeric(12, 2);--> statement-breakpoint
ALTER TABLE "time_entries" ADD COLUMN "billable" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "time_entries" ADD COLUMN "approval_request_id" uuid;--> statement-breakpoint
ALTER TABLE "approval_events" ADD CONSTRAINT "approval_events_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "approval_events" ADD CONSTRAINT "approval_events_request_fk" FOREIGN KEY ("tenant_id","request_id") REFERENCES "public"."approval_requests"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "approval_events" ADD CONSTRAINT "approval_events_staff_fk" FOREIGN KEY ("tenant_id","staff_id") REFERENCES "public"."staff_users"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "approval_events" ADD CONSTRAINT "approval_events_contact_fk" FOREIGN KEY ("tenant_id","contact_id") REFERENCES "public"."contacts"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "approval_lines" ADD CONSTRAINT "approval_lines_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "approval_lines" ADD CONSTRAINT "approval_lines_request_fk" FOREIGN KEY ("tenant_id","request_id") REFERENCES "public"."approval_requests"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "approval_requests" ADD CONSTRAINT "approval_requests_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "approval_requests" ADD CONSTRAINT "approval_requests_job_fk" FOREIGN KEY ("tenant_id","job_id") REFERENCES "public"."jobs"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "approval_requests" ADD CONSTRAINT "approval_requests_account_fk" FOREIGN KEY ("tenant_id","account_id") REFERENCES "public"."accounts"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "approval_requests" ADD CONSTRAINT "approval_requests_contact_fk" FOREIGN KEY ("tenant_id","contact_id") REFERENCES "public"."contacts"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "approval_requests" ADD CONSTRAINT "approval_requests_sent_by_fk" FOREIGN KEY ("tenant_id","sent_by_staff_id") REFERENCES "public"."staff_users"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "approval_events_request_idx" ON "approval_events" USING btree ("request_id","seq");--> statement-breakpoint
CREATE UNIQUE INDEX "approval_events_one_outcome" ON "approval_events" USING btree ("request_id") WHERE "approval_events"."kind" in ('approved', 'queried', 'expired', 'deemed_approved', 'superseded');--> statement-breakpoint
CREATE INDEX "approval_lines_request_idx" ON "approval_lines" USING btree ("request_id","sort");--> statement-breakpoint
CREATE UNIQUE INDEX "approval_requests_version_key" ON "approval_requests" USING btree ("tenant_id","job_id","version");--> statement-breakpoint
CREATE UNIQUE INDEX "approval_requests_one_awaiting" ON "approval_requests" USING btree ("job_id") WHERE "approval_requests"."status" = 'awaiting';--> statement-breakpoint
CREATE INDEX "approval_requests_account_idx" ON "approval_requests" USING btree ("tenant_id","account_id","status");--> statement-breakpoint
CREATE INDEX "approval_requests_expiry_idx" ON "approval_requests" USING btree ("expires_at") WHERE "approval_requests"."status" = 'awaiting';--> statement-breakpoint
ALTER TABLE "time_entries" ADD CONSTRAINT "time_entries_approval_request_fk" FOREIGN KEY ("tenant_id","approval_request_id") REFERENCES "public"."approval_requests"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "time_entries_approval_idx" ON "time_entries" USING btree ("approval_request_id");--> statement-breakpoint
ALTER TABLE "portal_settings" ADD CONSTRAINT "portal_settings_currency_check" CHECK ("currency" ~ '^[A-Z]{3}$');--> statement-breakpoint
ALTER TABLE "staff_users" ADD CONSTRAINT "staff_users_hourly_rate_check" CHECK ("hourly_rate" >= 0);--> statement-breakpoint
ALTER TABLE "jobs" ADD CONSTRAINT "jobs_billing_rate_check" CHECK ("billing_rate" >= 0);--> statement-breakpoint
ALTER TABLE "approval_requests" ADD CONSTRAINT "approval_requests_status_check" CHECK ("status" IN ('awaiting', 'approved', 'queried', 'expired', 'superseded', 'reopened'));--> statement-breakpoint
ALTER TABLE "approval_events" ADD CONSTRAINT "approval_events_kind_check" CHECK ("kind" IN ('sent', 'approved', 'queried', 'expired', 'deemed_approved', 'superseded', 'reopened'));
