INSERT INTO customers VALUES (1, 'a@b.c', '2024-01-01 00:00:00', 'Ann', '+1 555'), (2, 'd@e.f', NULL, NULL, NULL);
