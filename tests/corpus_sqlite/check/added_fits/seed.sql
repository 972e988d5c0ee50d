INSERT INTO acc VALUES (1, 0), (2, NULL), (3, 5);
