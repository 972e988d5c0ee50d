INSERT INTO kv VALUES (1, 'a', 1), (2, 'b', NULL), (3, 'c', 42);
