INSERT INTO users VALUES (1, 'Mary Ann', 'Smith'), (2, NULL, 'Solo'), (3, 'Only', NULL), (4, NULL, NULL), (5, '', ''), (6, '', NULL);
