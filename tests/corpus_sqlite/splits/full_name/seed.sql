INSERT INTO users VALUES (1, 'Ada Lovelace'), (2, 'Mary Ann Smith'), (3, NULL), (4, ''), (5, 'Cher'), (6, ' lead'), (7, 'trail ');
