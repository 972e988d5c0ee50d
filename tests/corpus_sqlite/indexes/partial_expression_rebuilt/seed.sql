INSERT INTO t VALUES (1, 'A@x', 1), (2, 'a@x', NULL), (3, 'a@x', 0), (4, NULL, 1);
