CREATE TABLE `products` (
  `id` int(10) unsigned NOT NULL AUTO_INCREMENT,
  `sku` varchar(32) NOT NULL COMMENT 'Stock keeping unit (the supplier''s code)',
  `price` decimal(10,2) NOT NULL DEFAULT 0.00 COMMENT 'net price in EUR',
  `updated_at` timestamp NULL DEFAULT NULL ON UPDATE CURRENT_TIMESTAMP,
  PRIMARY KEY (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COMMENT='Product catalogue';
