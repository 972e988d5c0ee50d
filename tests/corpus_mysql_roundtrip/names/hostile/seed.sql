INSERT INTO `we``ird tbl` VALUES (1, 'it''s', 5), (2, 'C:\\new', NULL);
