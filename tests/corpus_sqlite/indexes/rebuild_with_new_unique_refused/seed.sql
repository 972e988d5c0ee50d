INSERT INTO u VALUES (1, 'a@x', NULL), (2, 'a@x', 'b'), (3, NULL, 'c');
