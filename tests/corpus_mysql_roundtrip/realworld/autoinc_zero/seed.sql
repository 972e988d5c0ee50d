SET SESSION sql_mode = 'NO_AUTO_VALUE_ON_ZERO';
INSERT INTO store_website VALUES (0, 'admin', 'Admin', 0, 0), (1, 'base', 'Main Website', 0, 1);
