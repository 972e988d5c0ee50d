INSERT INTO events (id, payload, created_at) VALUES (1, '{"type":"login","user":{"id":42}}', '2024-01-01 00:00:00'), (2, '{"type":"logout"}', '2024-01-01 00:01:00'), (3, '{"note":"O\'Reilly \\\\ back"}', '2024-01-01 00:02:00');
INSERT INTO order_lines VALUES (1, 3, 9.99), (2, 0, 100.00);
