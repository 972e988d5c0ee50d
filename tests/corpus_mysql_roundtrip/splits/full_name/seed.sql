INSERT INTO p VALUES (1, 'Ada Lovelace'), (2, 'Cher'), (3, NULL), (4, 'Mary Ann Smith'), (5, ''), (6, ' lead');
