INSERT INTO p VALUES (1, 'Mary Ann', 'Smith'), (2, NULL, 'Cher'), (3, 'Ada', NULL), (4, '', 'x');
