INSERT INTO t VALUES (1, 'x', 5, 'y'), (2, NULL, NULL, ''), (3, '', 1, NULL);
