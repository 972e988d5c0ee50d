INSERT INTO orders VALUES (1, 12.5), (2, 3.0), (3, NULL), (4, 0.1), (5, 0.3333);
