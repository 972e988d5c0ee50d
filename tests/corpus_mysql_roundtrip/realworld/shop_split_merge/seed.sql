INSERT INTO customers VALUES (1, 'Ada Lovelace', 'Baker Street', '221b', 1250), (2, 'Cher', NULL, NULL, 0), (3, 'Mary Ann Smith', 'Rue d''Or', NULL, 99), (4, 'Zoë Ünïcode', 'C:\\new', '7', 100000);
