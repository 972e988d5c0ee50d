INSERT INTO p VALUES (1, 'ada@example.com'), (2, NULL), (3, 'nodomain');
