-- A Django/Rails-like app schema, v2
CREATE TABLE IF NOT EXISTS "auth_user" (
  "id" integer NOT NULL PRIMARY KEY AUTOINCREMENT,
  "password" varchar(128) NOT NULL,
  "last_login" datetime NULL,
  "is_superuser" bool NOT NULL,
  "username" varchar(150) NOT NULL UNIQUE,
  "email" varchar(254) NOT NULL,
  "date_joined" datetime NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "is_active" bool NOT NULL DEFAULT 1
);
CREATE TABLE [blog_post] (
  [id] INTEGER PRIMARY KEY,
  `author_id` integer NOT NULL REFERENCES "auth_user" ("id") DEFERRABLE INITIALLY DEFERRED,
  title TEXT NOT NULL,
  body TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published', 'archived')),
  views INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER DEFAULT (strftime('%s', 'now')),
  slug TEXT
);
CREATE INDEX IF NOT EXISTS blog_post_author ON blog_post (author_id);
CREATE INDEX blog_post_published ON blog_post (created_at DESC) WHERE status = 'published';
CREATE UNIQUE INDEX blog_post_slug ON blog_post (slug) WHERE slug IS NOT NULL;
CREATE TABLE comments (
  id INTEGER PRIMARY KEY,
  post_id INTEGER NOT NULL REFERENCES blog_post (id) ON DELETE CASCADE,
  body TEXT NOT NULL,
  score REAL,
  approved INTEGER NOT NULL DEFAULT 0
);
CREATE VIEW published AS SELECT p.id, p.title, p.slug, u.username FROM blog_post p JOIN auth_user u ON u.id = p.author_id WHERE p.status = 'published';
CREATE TRIGGER post_views_nonneg BEFORE UPDATE OF views ON blog_post WHEN NEW.views < 0 BEGIN
  SELECT RAISE(ABORT, 'views must not be negative');
END;
CREATE VIRTUAL TABLE IF NOT EXISTS post_fts USING fts5(title, body);
