INSERT INTO u VALUES (1, 'a@x', 1), (2, 'a@x', 0), (3, 'a@x', NULL);
