INSERT INTO kv VALUES ('a', '1', 10), ('b', NULL, NULL), ('c', '', 0);
