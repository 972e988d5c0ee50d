INSERT INTO p VALUES (1, 'Mary Ann', 'Smith'), (2, NULL, NULL);
