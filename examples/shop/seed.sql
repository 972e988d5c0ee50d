-- Sample rows for trying the migration by hand:
--   psql -v ON_ERROR_STOP=1 -f db/schema_v1.sql -f seed.sql
--   psql -v ON_ERROR_STOP=1 -f .spec/reports/data-migration-generator/<run-id>/migration.sql
INSERT INTO customer (id, full_name, email, phone, newsletter) VALUES
  (1, 'Ada Lovelace', 'ada@example.org', NULL, true),
  (2, 'Alan Mathison Turing', 'alan@example.org', '+44 20 7946 0000', false),
  (3, 'Plato', 'plato@example.org', NULL, NULL),
  (4, 'Grace  Hopper', 'grace@example.org', NULL, true);
SELECT setval('customer_id_seq', 4);
INSERT INTO orders (id, customer_id, total, status, note, created_at) VALUES
  (1, 1, '12.50', 'paid', 'gift wrap', '2024-05-01 10:00:00'),
  (2, 2, '3.00', 'new', NULL, '2024-05-02 11:00:00'),
  (3, 1, '0.99', 'shipped', 'leave at the door', '2024-05-03 12:00:00');
SELECT setval('orders_id_seq', 3);
