INSERT INTO products VALUES (1, 'A-1', 9.90, NULL), (2, 'B-2', 0, '2024-01-01 00:00:00');
