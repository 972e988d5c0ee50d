INSERT INTO m VALUES ('x', 1, NULL, 'w1'), ('x', 2, '', NULL), ('y', 1, 'v', 'w3');
