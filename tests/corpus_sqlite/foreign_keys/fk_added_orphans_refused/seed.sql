INSERT INTO authors VALUES (1, 'Ann');
INSERT INTO books VALUES (10, 1, 'x'), (11, 99, 'orphan');
