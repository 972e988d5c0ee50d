-- A multi-tenant SaaS database (version 1): row-level security on every tenant table,
-- an audit log partitioned by hash, an audit trigger, usage statistics in a materialized view.
CREATE EXTENSION IF NOT EXISTS pgcrypto;
CREATE TYPE plan AS ENUM ('free', 'pro', 'enterprise');
CREATE DOMAIN slug AS text CHECK (VALUE ~ '^[a-z0-9-]+$');

CREATE TABLE tenants (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  slug slug NOT NULL UNIQUE,
  plan plan NOT NULL DEFAULT 'free',
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE users (
  id bigserial PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  email text NOT NULL,
  role text NOT NULL DEFAULT 'member',
  UNIQUE (tenant_id, email),
  CONSTRAINT users_role_check CHECK (role IN ('owner', 'admin', 'member'))
);
CREATE TABLE projects (
  id bigserial PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  name text NOT NULL,
  archived boolean NOT NULL DEFAULT false
);
CREATE INDEX projects_tenant_active ON projects (tenant_id) WHERE NOT archived;

CREATE TABLE audit_log (
  tenant_id uuid NOT NULL,
  id bigint GENERATED ALWAYS AS IDENTITY,
  at timestamptz NOT NULL DEFAULT now(),
  action text NOT NULL,
  row_data jsonb,
  PRIMARY KEY (tenant_id, id)
) PARTITION BY HASH (tenant_id);
CREATE TABLE audit_log_0 PARTITION OF audit_log FOR VALUES WITH (MODULUS 2, REMAINDER 0);
CREATE TABLE audit_log_1 PARTITION OF audit_log FOR VALUES WITH (MODULUS 2, REMAINDER 1);

CREATE FUNCTION current_tenant() RETURNS uuid LANGUAGE sql STABLE
  AS $$ SELECT nullif(current_setting('app.tenant', true), '')::uuid $$;

CREATE FUNCTION audit() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER AS $$
BEGIN
  INSERT INTO audit_log (tenant_id, action, row_data)
  VALUES (coalesce(NEW.tenant_id, OLD.tenant_id), TG_OP, to_jsonb(coalesce(NEW, OLD)));
  RETURN coalesce(NEW, OLD);
END
$$;
CREATE TRIGGER projects_audit AFTER INSERT OR UPDATE OR DELETE ON projects
  FOR EACH ROW EXECUTE FUNCTION audit();

ALTER TABLE users ENABLE ROW LEVEL SECURITY;
ALTER TABLE projects ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_users ON users USING (tenant_id = current_tenant());
CREATE POLICY tenant_projects ON projects USING (tenant_id = current_tenant())
  WITH CHECK (tenant_id = current_tenant() AND NOT archived);

CREATE MATERIALIZED VIEW tenant_usage AS
  SELECT t.id, t.slug, count(p.id) AS projects
  FROM tenants t LEFT JOIN projects p ON p.tenant_id = t.id AND NOT p.archived
  GROUP BY t.id, t.slug;
CREATE UNIQUE INDEX tenant_usage_id ON tenant_usage (id);

COMMENT ON TABLE tenants IS 'customers of the service';
COMMENT ON POLICY tenant_users ON users IS 'a session sees its tenant only';
