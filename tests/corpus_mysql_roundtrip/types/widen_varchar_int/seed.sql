INSERT INTO t VALUES (1, 'abcdefghij', 32767), (2, NULL, -32768), (3, 'x\\y', 0);
