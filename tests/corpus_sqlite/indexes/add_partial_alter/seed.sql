INSERT INTO t VALUES (1, 'a', 1), (2, 'a', 0);
