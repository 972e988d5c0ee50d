INSERT INTO u VALUES (1, 'a', 'b'), (2, NULL, 'c'), (3, NULL, NULL);
