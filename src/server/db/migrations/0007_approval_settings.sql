ALTER TABLE "portal_settings" ADD COLUMN "approval_enabled" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "portal_settings" ADD COLUMN "approval_period_days" integer DEFAULT 7 NOT NULL;--> statement-breakpoint
ALTER TABLE "portal_settings" ADD COLUMN "approval_reply_to" text;--> statement-breakpoint
ALTER TABLE "portal_settings" ADD COLUMN "approval_expiry" text DEFAULT 'expire' NOT NULL;--> statement-breakpoint
ALTER TABLE "portal_settings" ADD CONSTRAINT "portal_settings_approval_period_check" CHECK ("approval_period_days" BETWEEN 1 AND 90);--> statement-breakpoint
ALTER TABLE "portal_settings" ADD CONSTRAINT "portal_settings_approval_expiry_check" CHECK ("approval_expiry" IN ('expire', 'deem_approved'));
