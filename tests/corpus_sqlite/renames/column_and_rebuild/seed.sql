INSERT INTO users VALUES (1, 'ann', 3), (2, NULL, NULL), (3, '', 0);
