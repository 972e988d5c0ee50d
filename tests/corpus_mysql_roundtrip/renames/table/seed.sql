INSERT INTO customer VALUES (1, 'a'), (2, NULL);
INSERT INTO orders VALUES (10, 1), (11, 2), (12, NULL);
