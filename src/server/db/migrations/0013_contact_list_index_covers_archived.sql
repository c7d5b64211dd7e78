DROP INDEX "contacts_name_idx";--> statement-breakpoint
DROP INDEX "contacts_portal_status_name_idx";--> statement-breakpoint
CREATE INDEX "contacts_name_idx" ON "contacts" USING btree ("tenant_id","last_name","first_name","id","archived_at");--> statement-breakpoint
CREATE INDEX "contacts_portal_status_name_idx" ON "contacts" USING btree ("tenant_id","portal_status","last_name","first_name","id","archived_at");