INSERT INTO matomo_site (idsite, name, main_url, ts_created, timezone, currency, type) VALUES
 (1, 'Example', 'https://example.org', '2023-01-01 00:00:00', 'UTC', 'EUR', 'website'),
 (2, 'Intranet', 'http://intra', NULL, 'Europe/Berlin', 'USD', 'intranet');
INSERT INTO matomo_log_visit (idvisit, idsite, idvisitor, visit_last_action_time, config_id, location_ip, visit_first_action_time, visitor_count_visits, visit_total_time, config_browser_name, location_country, location_region, location_latitude, location_longitude) VALUES
 (1, 1, 0x1234567890abcdef, '2024-05-01 10:00:00', 0x0000000000000001, 0x7f000001, '2024-05-01 09:59:00', 1, 60, 'FF', 'de', 'BE', 52.520008, 13.404954),
 (2, 1, 0x00ff00ff00ff00ff, '2024-05-02 10:00:00', 0xffffffffffffffff, 0x20010db8000000000000000000000001, '2024-05-02 09:00:00', 3, 65535, 'CH', NULL, NULL, NULL, NULL),
 (3, 2, 0x0000000000000000, '2024-05-03 10:00:00', 0x0102030405060708, 0x0a000001, '2024-05-03 10:00:00', 0, 0, NULL, 'th', '10', -33.868820, 151.209296);
