ALTER TABLE "tickets" ADD COLUMN "portal_row" text DEFAULT '' NOT NULL;--> statement-breakpoint
-- A ticket's portal list row as JSON text, as the portal row presenter writes it (tickets.presenter.ts
-- presentPortalRow): the list sends a page of these as they are, without joining the names on every read.
-- A name the row takes from a row the ticket now points at for the first time is read under a share lock:
-- a rename of it that has not committed yet is waited for, and a later rename finds this ticket in its own
-- update (tickets_portal_row_rename). A name of a row the ticket already pointed at needs no lock: a rename
-- in progress updates this ticket after this change commits.
CREATE FUNCTION tickets_portal_row() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  fresh boolean := TG_OP = 'INSERT';
BEGIN
  IF fresh OR NEW.status_id IS DISTINCT FROM OLD.status_id THEN
    PERFORM 1 FROM lookups WHERE tenant_id = NEW.tenant_id AND id = NEW.status_id FOR SHARE;
  END IF;
  IF NEW.priority_id IS NOT NULL AND (fresh OR NEW.priority_id IS DISTINCT FROM OLD.priority_id) THEN
    PERFORM 1 FROM lookups WHERE tenant_id = NEW.tenant_id AND id = NEW.priority_id FOR SHARE;
  END IF;
  IF fresh OR NEW.job_id IS DISTINCT FROM OLD.job_id THEN
    PERFORM 1 FROM jobs WHERE tenant_id = NEW.tenant_id AND id = NEW.job_id FOR SHARE;
  END IF;
  IF NEW.contact_id IS NOT NULL AND (fresh OR NEW.contact_id IS DISTINCT FROM OLD.contact_id) THEN
    PERFORM 1 FROM contacts WHERE tenant_id = NEW.tenant_id AND id = NEW.contact_id FOR SHARE;
  END IF;
  NEW.portal_row := (
    SELECT '{"id":"' || NEW.id || '","number":' || NEW.number || ',"title":' || to_json(NEW.title)::text
      || ',"status":' || coalesce('{"id":"' || s.id || '","name":' || to_json(s.name)::text || '}', 'null')
      || ',"priority":' || coalesce('{"id":"' || p.id || '","name":' || to_json(p.name)::text || '}', 'null')
      || ',"job":' || coalesce('{"id":"' || j.id || '","name":' || to_json(j.name)::text || '}', 'null')
      || ',"contact":' || coalesce('{"id":"' || c.id || '","name":' || to_json(c.first_name || ' ' || c.last_name)::text || '}', 'null')
      || ',"createdAt":"' || to_char(NEW.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
      || '","updatedAt":"' || to_char(NEW.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') || '"}'
    FROM (SELECT 1) AS one
    LEFT JOIN lookups s ON s.tenant_id = NEW.tenant_id AND s.id = NEW.status_id
    LEFT JOIN lookups p ON p.tenant_id = NEW.tenant_id AND p.id = NEW.priority_id
    LEFT JOIN jobs j ON j.tenant_id = NEW.tenant_id AND j.id = NEW.job_id
    LEFT JOIN contacts c ON c.tenant_id = NEW.tenant_id AND c.id = NEW.contact_id
  );
  RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE TRIGGER tickets_portal_row BEFORE INSERT OR UPDATE ON tickets FOR EACH ROW EXECUTE FUNCTION tickets_portal_row();
--> statement-breakpoint
-- A rename rewrites the rows of the tickets that show the name (the ticket trigger above writes them again).
CREATE FUNCTION tickets_portal_row_rename() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_TABLE_NAME = 'lookups' THEN
    UPDATE tickets SET portal_row = '' WHERE tenant_id = NEW.tenant_id AND (status_id = NEW.id OR priority_id = NEW.id);
  ELSIF TG_TABLE_NAME = 'jobs' THEN
    UPDATE tickets SET portal_row = '' WHERE tenant_id = NEW.tenant_id AND job_id = NEW.id;
  ELSE
    UPDATE tickets SET portal_row = '' WHERE tenant_id = NEW.tenant_id AND contact_id = NEW.id;
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER tickets_portal_row_rename AFTER UPDATE OF name ON lookups FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name) EXECUTE FUNCTION tickets_portal_row_rename();
--> statement-breakpoint
CREATE TRIGGER tickets_portal_row_rename AFTER UPDATE OF name ON jobs FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name) EXECUTE FUNCTION tickets_portal_row_rename();
--> statement-breakpoint
CREATE TRIGGER tickets_portal_row_rename AFTER UPDATE OF first_name, last_name ON contacts FOR EACH ROW WHEN (OLD.first_name IS DISTINCT FROM NEW.first_name OR OLD.last_name IS DISTINCT FROM NEW.last_name) EXECUTE FUNCTION tickets_portal_row_rename();
--> statement-breakpoint
-- The rows of the tickets there are.
UPDATE tickets SET portal_row = '';
