INSERT INTO sessions VALUES ('abc', 'a:1:{s:4:"user";i:1;}', 1700000000), ('def', NULL, 0);
INSERT INTO search_index VALUES (1, 'the quick brown fox'), (2, 'jumps over the lazy dog');
