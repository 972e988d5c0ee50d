INSERT INTO users (id, name, email, created_at, updated_at) VALUES (1, 'Ada', 'ada@example.com', '2024-01-01 10:00:00', NULL), (2, 'Bob', 'bob@example.com', NULL, NULL);
INSERT INTO posts (id, user_id, title, body, published, created_at) VALUES (1, 1, 'Hello', 'First post\nwith two lines', 1, '2024-01-02 10:00:00'), (2, 2, 'Draft', '', 0, NULL);
