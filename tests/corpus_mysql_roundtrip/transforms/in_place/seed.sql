INSERT INTO o VALUES (1, '0042', 1), (2, NULL, 2), (3, '7', 3);
