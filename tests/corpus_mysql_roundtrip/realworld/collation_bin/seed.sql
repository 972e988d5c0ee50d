INSERT INTO accounts VALUES (1, 'alice', 'Alice Ä', 'da39a3ee5e6b4b0d3255bfef95601890afd80709'), (2, 'Bob', NULL, NULL), (3, 'carol', 'Carol "C" \\o/', '0000000000000000000000000000000000000000');
