SET SESSION sql_mode = 'NO_AUTO_VALUE_ON_ZERO';
INSERT INTO store VALUES (0, 'admin', 'Admin', 1), (1, 'default', 'Default Store View', 1);
INSERT INTO catalog_product_entity (entity_id, attribute_set_id, type_id, sku, created_at, updated_at) VALUES (1, 4, 'simple', '24-MB01', '2022-01-01 00:00:00', '2022-01-01 00:00:00'), (2, 4, 'configurable', 'MH01', '2022-01-02 00:00:00', '2022-01-03 00:00:00');
INSERT INTO catalog_product_entity_decimal VALUES (1, 77, 0, 1, 34.0000), (2, 77, 1, 1, 99999999.9999), (3, 82, 0, 2, NULL);
INSERT INTO sales_order VALUES (1, 'new', 'pending', 1, 123.4500, 'roni_cost@example.com', '000000001', '2023-01-01 00:00:00'), (2, 'complete', 'complete', NULL, 0.0000, NULL, '000000002', '2023-01-02 00:00:00');
