INSERT INTO t VALUES (1, 'short', 5), (2, NULL, NULL);
