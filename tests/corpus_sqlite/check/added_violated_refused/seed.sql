INSERT INTO acc VALUES (1, 0), (2, -5), (3, 5);
