-- The SaaS database, version 2.
CREATE EXTENSION IF NOT EXISTS pgcrypto;
CREATE TYPE plan AS ENUM ('free', 'team', 'pro', 'enterprise');
CREATE DOMAIN slug AS text CHECK (VALUE ~ '^[a-z0-9-]+$') CHECK (length(VALUE) <= 40);

CREATE TABLE tenants (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  slug slug NOT NULL UNIQUE,
  plan plan NOT NULL DEFAULT 'free',
  created_at timestamptz NOT NULL DEFAULT now(),
  suspended_at timestamptz
);
CREATE TABLE users (
  id bigserial PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  email text NOT NULL,
  role text NOT NULL DEFAULT 'member',
  last_seen timestamptz,
  UNIQUE (tenant_id, email),
  CONSTRAINT users_role_check CHECK (role IN ('owner', 'admin', 'member', 'viewer'))
);
CREATE TABLE projects (
  id bigserial PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  name varchar(200) NOT NULL,
  archived boolean NOT NULL DEFAULT false
);
CREATE INDEX projects_tenant_active ON projects (tenant_id, name) WHERE NOT archived;

CREATE TABLE audit_log (
  tenant_id uuid NOT NULL,
  id bigint GENERATED ALWAYS AS IDENTITY,
  at timestamptz NOT NULL DEFAULT now(),
  action text NOT NULL,
  actor bigint,
  row_data jsonb,
  PRIMARY KEY (tenant_id, id)
) PARTITION BY HASH (tenant_id);
CREATE TABLE audit_log_0 PARTITION OF audit_log FOR VALUES WITH (MODULUS 2, REMAINDER 0);
CREATE TABLE audit_log_1 PARTITION OF audit_log FOR VALUES WITH (MODULUS 2, REMAINDER 1);
CREATE INDEX audit_log_at ON audit_log (at);

CREATE FUNCTION current_tenant() RETURNS uuid LANGUAGE sql STABLE
  AS $$ SELECT nullif(current_setting('app.tenant', true), '')::uuid $$;
CREATE FUNCTION current_actor() RETURNS bigint LANGUAGE sql STABLE
  AS $$ SELECT nullif(current_setting('app.user', true), '')::bigint $$;

CREATE FUNCTION audit() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER AS $$
BEGIN
  INSERT INTO audit_log (tenant_id, action, actor, row_data)
  VALUES (coalesce(NEW.tenant_id, OLD.tenant_id), TG_OP, current_actor(), to_jsonb(coalesce(NEW, OLD)));
  RETURN coalesce(NEW, OLD);
END
$$;
CREATE TRIGGER projects_audit AFTER INSERT OR UPDATE OR DELETE ON projects
  FOR EACH ROW EXECUTE FUNCTION audit();
CREATE TRIGGER users_audit AFTER UPDATE OF role ON users
  FOR EACH ROW EXECUTE FUNCTION audit();

ALTER TABLE users ENABLE ROW LEVEL SECURITY;
ALTER TABLE projects ENABLE ROW LEVEL SECURITY;
ALTER TABLE tenants ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_users ON users USING (tenant_id = current_tenant());
CREATE POLICY tenant_projects ON projects USING (tenant_id = current_tenant())
  WITH CHECK (tenant_id = current_tenant());
CREATE POLICY own_tenant ON tenants FOR SELECT USING (id = current_tenant());

CREATE MATERIALIZED VIEW tenant_usage AS
  SELECT t.id, t.slug, t.plan, count(p.id) AS projects
  FROM tenants t LEFT JOIN projects p ON p.tenant_id = t.id AND NOT p.archived
  GROUP BY t.id, t.slug, t.plan;
CREATE UNIQUE INDEX tenant_usage_id ON tenant_usage (id);

COMMENT ON TABLE tenants IS 'customers of the service';
COMMENT ON COLUMN tenants.suspended_at IS 'set when the tenant stops paying';
