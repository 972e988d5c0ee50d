CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT, legacy INTEGER CHECK (legacy > 0), b TEXT);
CREATE INDEX t_legacy ON t (legacy, a);
CREATE INDEX t_b ON t (b);
