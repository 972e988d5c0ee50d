INSERT INTO `user` VALUES ('0b6f3a4e-1c2d-4e5f-8a9b-0c1d2e3f4a5b', 'Timber', 'Saw', 25, '2024-01-01 00:00:00.123456', '2024-01-01 00:00:00.123456'), ('1b6f3a4e-1c2d-4e5f-8a9b-0c1d2e3f4a5b', 'Phantom', 'Assassin', 24, '2024-01-02 00:00:00.000001', '2024-01-02 00:00:00.5');
INSERT INTO photo VALUES (1, 'https://x/a.jpg', '0b6f3a4e-1c2d-4e5f-8a9b-0c1d2e3f4a5b'), (2, 'https://x/b.jpg', NULL);
