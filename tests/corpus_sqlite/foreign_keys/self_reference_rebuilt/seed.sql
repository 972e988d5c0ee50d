INSERT INTO tree VALUES (1, NULL, 'root'), (2, 1, NULL), (3, 2, 'leaf');
