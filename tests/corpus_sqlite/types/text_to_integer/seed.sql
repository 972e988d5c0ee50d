INSERT INTO t VALUES (1, '12'), (2, '012'), (3, 'x'), (4, NULL), (5, '1e3'), (6, ' 7');
