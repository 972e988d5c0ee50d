INSERT INTO t VALUES (1, 'x', 'C:\\new', 1), (2, 'y', NULL, 2), (3, 'z', '', NULL);
