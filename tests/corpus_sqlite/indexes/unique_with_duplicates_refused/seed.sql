INSERT INTO t VALUES (1, 'a'), (2, 'a'), (3, NULL), (4, NULL);
