INSERT INTO person VALUES (1, 'Ada'), (2, 'Grace');
