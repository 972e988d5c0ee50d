INSERT INTO t VALUES (1, 'a@x'), (2, 'a@x'), (3, NULL), (4, NULL);
