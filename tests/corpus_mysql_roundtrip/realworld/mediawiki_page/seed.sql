INSERT INTO page VALUES
 (1, 0, 'Main_Page', '', 0, 1, 0.123456789, '20240101000000', NULL, 1, 735, 'wikitext', NULL),
 (2, 0, 'Sandbox', 'edit=sysop:move=sysop', 0, 0, 0.9, '20240102000000', '20240102000000', 7, 0, 'wikitext', 'de'),
 (3, 4, 0x4E6F5C7469746C65, NULL, 1, 0, 0, '20240103000000', NULL, 9, 12, NULL, NULL);
INSERT INTO user_groups VALUES (1, 'sysop', NULL), (1, 'bureaucrat', '20300101000000'), (2, 'bot', NULL);
