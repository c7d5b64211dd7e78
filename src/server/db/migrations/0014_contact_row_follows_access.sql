-- A contact's row is written again whenever anything its portal session stands for changes: a membership (any
-- of its columns), an account it belongs to (name, time zone, portal role, portal access, archived) or the
-- permissions of a portal role it holds. The session's fingerprint (sessions.repo.ts) is the version of the
-- contact's row, so a change to any of these shows in the next read that checks the session.
DROP TRIGGER contacts_list_row_membership ON account_contacts;
--> statement-breakpoint
CREATE TRIGGER contacts_list_row_membership AFTER INSERT OR DELETE OR UPDATE ON account_contacts FOR EACH ROW EXECUTE FUNCTION contacts_list_row_membership();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION contacts_list_row_membership() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'DELETE' THEN
    PERFORM 1 FROM accounts WHERE tenant_id = NEW.tenant_id AND id = NEW.account_id FOR SHARE;
    UPDATE contacts SET list_row = '' WHERE tenant_id = NEW.tenant_id AND id = NEW.contact_id;
  END IF;
  IF TG_OP = 'DELETE' OR OLD.contact_id <> NEW.contact_id THEN
    UPDATE contacts SET list_row = '' WHERE tenant_id = OLD.tenant_id AND id = OLD.contact_id;
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
DROP TRIGGER contacts_list_row_account ON accounts;
--> statement-breakpoint
CREATE TRIGGER contacts_list_row_account AFTER UPDATE OF name, time_zone, portal_role_id, portal_enabled, archived_at ON accounts FOR EACH ROW
  WHEN (OLD.name IS DISTINCT FROM NEW.name OR OLD.time_zone IS DISTINCT FROM NEW.time_zone OR OLD.portal_role_id IS DISTINCT FROM NEW.portal_role_id
    OR OLD.portal_enabled IS DISTINCT FROM NEW.portal_enabled OR OLD.archived_at IS DISTINCT FROM NEW.archived_at)
  EXECUTE FUNCTION contacts_list_row_account();
--> statement-breakpoint
CREATE FUNCTION contacts_row_role() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE contacts SET list_row = '' WHERE tenant_id = NEW.tenant_id AND id IN (
    SELECT ac.contact_id FROM account_contacts ac JOIN accounts a ON a.tenant_id = ac.tenant_id AND a.id = ac.account_id
    WHERE ac.tenant_id = NEW.tenant_id AND coalesce(ac.portal_role_id, a.portal_role_id) = NEW.id);
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER contacts_row_role AFTER UPDATE OF permissions ON portal_roles FOR EACH ROW WHEN (OLD.permissions IS DISTINCT FROM NEW.permissions) EXECUTE FUNCTION contacts_row_role();
