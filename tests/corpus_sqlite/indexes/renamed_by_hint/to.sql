CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT);
-- @renamed from=t_a_old
CREATE INDEX t_a ON t (a);
