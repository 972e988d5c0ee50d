INSERT INTO u VALUES (1, 'A@x', NULL), (2, 'b@x', 3);
