ALTER TABLE "outbox" ALTER COLUMN "recipient" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "outbox" ALTER COLUMN "template" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "outbox" ALTER COLUMN "subject" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "outbox" ALTER COLUMN "text_body" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "outbox" ALTER COLUMN "html_body" DROP NOT NULL;--> statement-breakpoint
-- Rows queued before tasks existed carry their rendered email: the "email.stored" task sends it as it is.
ALTER TABLE "outbox" ADD COLUMN "task" text DEFAULT 'email.stored' NOT NULL;--> statement-breakpoint
ALTER TABLE "outbox" ALTER COLUMN "task" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "outbox" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "outbox" ADD COLUMN "payload" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "outbox" ALTER COLUMN "payload" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "outbox" ADD COLUMN "locked_by" text;