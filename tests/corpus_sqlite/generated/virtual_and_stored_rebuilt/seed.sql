INSERT INTO p (id, w, h) VALUES (1, 2, 3), (2, NULL, 1), (3, 1.5, NULL);
