INSERT INTO t VALUES (1, 'a', 'x,y'), (2, 'b', NULL), (3, 'a', '');
