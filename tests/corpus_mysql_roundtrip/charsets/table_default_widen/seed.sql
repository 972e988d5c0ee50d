INSERT INTO t VALUES (1, 'Zoë', 'naïve café', 'a', 'x', 1), (2, NULL, NULL, NULL, NULL, NULL);
