CREATE TABLE s (id INTEGER PRIMARY KEY, status TEXT, created TEXT DEFAULT (datetime('now')));
