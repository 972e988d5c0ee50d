INSERT INTO schema_migrations VALUES ('20190101000000'), ('20200101000000');
INSERT INTO ar_internal_metadata VALUES ('environment', 'production', '2019-01-01 00:00:00', '2019-01-01 00:00:00');
INSERT INTO active_storage_blobs VALUES (1, 'k1', 'avatar.png', 'image/png', '{"identified":true}', 2048, 'xyz==', '2020-02-02 02:02:02'), (2, 'k2', 'résumé.pdf', NULL, NULL, 0, 'abc==', '2020-02-03 00:00:00');
INSERT INTO active_storage_attachments VALUES (1, 'avatar', 'User', 7, 1, '2020-02-02 02:02:03');
INSERT INTO articles VALUES (1, 'Hello Rails', 'Body', '2020-01-01 00:00:00', '2020-01-02 00:00:00'), (2, NULL, NULL, '2021-01-01 00:00:00', '2021-01-01 00:00:00');
