ALTER TABLE "contacts" ADD COLUMN "list_row" text DEFAULT '' NOT NULL;--> statement-breakpoint
-- A contact's row in the console's contact list as JSON text, as the contact presenter writes it
-- (contacts.presenter.ts presentContact) without `can`: the list sends a page of these with only `can` added,
-- without reading the contact's memberships on every read.
CREATE FUNCTION contacts_list_row() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.list_row := '{"id":"' || NEW.id
    || '","firstName":' || to_json(NEW.first_name)::text
    || ',"lastName":' || to_json(NEW.last_name)::text
    || ',"name":' || to_json(btrim(NEW.first_name || ' ' || NEW.last_name))::text
    || ',"email":' || coalesce(to_json(NEW.email)::text, 'null')
    || ',"phone":' || coalesce(to_json(NEW.phone)::text, 'null')
    || ',"jobTitle":' || coalesce(to_json(NEW.job_title)::text, 'null')
    || ',"timeZone":' || coalesce(to_json(NEW.time_zone)::text, 'null')
    || ',"archived":' || (NEW.archived_at IS NOT NULL)::text
    || ',"accounts":[' || (
      SELECT coalesce(string_agg('{"id":"' || a.id || '","name":' || to_json(a.name)::text || ',"portalEnabled":' || a.portal_enabled::text || '}', ',' ORDER BY lower(a.name), a.id), '')
      FROM account_contacts ac JOIN accounts a ON a.tenant_id = ac.tenant_id AND a.id = ac.account_id
      WHERE ac.tenant_id = NEW.tenant_id AND ac.contact_id = NEW.id AND a.archived_at IS NULL
    ) || ']'
    || ',"portal":{"status":' || to_json(NEW.portal_status)::text
    || ',"username":' || coalesce(to_json(NEW.portal_username)::text, 'null')
    || ',"activatedAt":' || coalesce('"' || to_char(NEW.activated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') || '"', 'null')
    || ',"lastLoginAt":' || coalesce('"' || to_char(NEW.last_login_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') || '"', 'null')
    || ',"lockedUntil":' || coalesce('"' || to_char(NEW.locked_until AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') || '"', 'null')
    || ',"twoFactorEnabled":' || (NEW.totp_enabled_at IS NOT NULL)::text
    || ',"signupStatus":' || coalesce(to_json(NEW.signup_status)::text, 'null')
    || '},"createdAt":"' || to_char(NEW.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') || '"}';
  RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE TRIGGER contacts_list_row BEFORE INSERT OR UPDATE ON contacts FOR EACH ROW EXECUTE FUNCTION contacts_list_row();
--> statement-breakpoint
-- The row is written again whenever anything the contact's portal session stands for changes, besides its shown
-- fields: a membership (any of its columns), an account it belongs to (name, time zone, portal role, portal access,
-- archived) or the permissions of a portal role it holds. The session's fingerprint (sessions.repo.ts) is the
-- version of the contact's row, so a change to any of these shows in the next read that checks the session.
-- An account a membership now joins is read under a share lock: a rename of it in flight is waited for, and one
-- that commits later finds this contact in its own update (contacts_list_row_account).
CREATE FUNCTION contacts_list_row_membership() RETURNS trigger LANGUAGE plpgsql AS $$
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
CREATE TRIGGER contacts_list_row_membership AFTER INSERT OR DELETE OR UPDATE ON account_contacts FOR EACH ROW EXECUTE FUNCTION contacts_list_row_membership();
--> statement-breakpoint
CREATE FUNCTION contacts_list_row_account() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE contacts SET list_row = '' WHERE tenant_id = NEW.tenant_id
    AND id IN (SELECT ac.contact_id FROM account_contacts ac WHERE ac.tenant_id = NEW.tenant_id AND ac.account_id = NEW.id);
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER contacts_list_row_account AFTER UPDATE OF name, time_zone, portal_role_id, portal_enabled, archived_at ON accounts FOR EACH ROW
  WHEN (OLD.name IS DISTINCT FROM NEW.name OR OLD.time_zone IS DISTINCT FROM NEW.time_zone OR OLD.portal_role_id IS DISTINCT FROM NEW.portal_role_id
    OR OLD.portal_enabled IS DISTINCT FROM NEW.portal_enabled OR OLD.archived_at IS DISTINCT FROM NEW.archived_at)
  EXECUTE FUNCTION contacts_list_row_account();
--> statement-breakpoint
CREATE FUNCTION contacts_list_row_role() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE contacts SET list_row = '' WHERE tenant_id = NEW.tenant_id AND id IN (
    SELECT ac.contact_id FROM account_contacts ac JOIN accounts a ON a.tenant_id = ac.tenant_id AND a.id = ac.account_id
    WHERE ac.tenant_id = NEW.tenant_id AND coalesce(ac.portal_role_id, a.portal_role_id) = NEW.id);
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER contacts_list_row_role AFTER UPDATE OF permissions ON portal_roles FOR EACH ROW WHEN (OLD.permissions IS DISTINCT FROM NEW.permissions) EXECUTE FUNCTION contacts_list_row_role();
--> statement-breakpoint
UPDATE contacts SET list_row = '';
