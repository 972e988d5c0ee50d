CREATE TABLE t (id INTEGER PRIMARY KEY, email TEXT, active INTEGER NOT NULL DEFAULT 0);
CREATE UNIQUE INDEX t_email_active ON t (email) WHERE active = 1;
CREATE INDEX t_lower_email ON t (lower(email) COLLATE NOCASE DESC);
