PRAGMA foreign_keys = ON;
INSERT INTO authors VALUES (1, 'Ann'), (2, NULL), (3, 'Bo');
INSERT INTO books VALUES (10, 1, 'x'), (11, 2, 'y'), (12, 2, NULL), (13, 3, 'z');
