INSERT INTO old_stuff VALUES (1, 'a'), (2, NULL);
INSERT INTO keep VALUES (7);
