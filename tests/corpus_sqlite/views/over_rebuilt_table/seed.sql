INSERT INTO people VALUES (1, 'a', '20'), (2, 'b', 'x'), (3, NULL, NULL), (4, 'c', '007');
