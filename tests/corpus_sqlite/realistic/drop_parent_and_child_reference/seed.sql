INSERT INTO teams VALUES (1, 'red'), (2, 'blue');
INSERT INTO players VALUES (1, 1, 'ann'), (2, NULL, 'bo'), (3, 2, NULL);
