INSERT INTO customer VALUES (1, 'a', '10'), (2, NULL, 'x'), (3, '', '007');
INSERT INTO orders VALUES (1, 1), (2, 2), (3, 3), (4, 3);
