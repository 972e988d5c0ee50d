INSERT INTO t (id, b) VALUES (1, 1), (2, NULL);
