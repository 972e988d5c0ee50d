INSERT INTO p VALUES (1, 1.5, 'a', NULL), (2, NULL, NULL, 'x');
