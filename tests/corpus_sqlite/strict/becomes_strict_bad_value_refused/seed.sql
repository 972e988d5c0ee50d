INSERT INTO kv VALUES (1, 'a', 1), (2, 'b', 'not a number');
