INSERT INTO authors VALUES (1, 'Ann'), (2, 'Bo');
INSERT INTO posts VALUES (10, 1, 5), (11, 2, NULL);
INSERT INTO notes VALUES (1, 2), (2, NULL);
