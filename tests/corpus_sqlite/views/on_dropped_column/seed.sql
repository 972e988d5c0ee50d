INSERT INTO people VALUES (1, 'a', 'x'), (2, NULL, ''), (3, '', NULL);
