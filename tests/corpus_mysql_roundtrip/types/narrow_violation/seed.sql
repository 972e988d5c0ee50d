INSERT INTO t VALUES (1, 'short'), (2, 'much too long');
