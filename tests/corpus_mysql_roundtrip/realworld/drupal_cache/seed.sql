INSERT INTO cache_bootstrap VALUES ('hook_info', 0x613a303a7b7d, -1, 1700000000.123, 1, 'config:core.extension', '3'), ('routes', NULL, 0, 0, 0, '', '0');
INSERT INTO node_field_data VALUES (1, 1, 'article', 'en', 1, 1, 'Hello Drupal', 1700000000, 1700000001, 1, 0, 1), (1, 2, 'article', 'fr', 1, 1, 'Bonjour « Drupal »', 1700000000, NULL, NULL, NULL, 0);
