INSERT INTO authors VALUES (1, 'Ann'), (2, 'Bo');
INSERT INTO books VALUES (10, 1, 'x'), (11, NULL, 'y'), (12, 2, 'z');
