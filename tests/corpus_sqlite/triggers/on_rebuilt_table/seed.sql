INSERT INTO items VALUES (1, 'a', NULL), (2, NULL, '2024');
INSERT INTO log VALUES (1, 1, 'created');
