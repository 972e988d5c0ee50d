INSERT INTO tags VALUES (1, 'A'), (2, 'a'), (3, NULL);
