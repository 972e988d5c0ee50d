CREATE TABLE `audit_log` (
  `id` bigint NOT NULL AUTO_INCREMENT,
  `actor` varchar(64) NOT NULL,
  `happened_at` timestamp(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  `recorded_at` timestamp(3) NULL DEFAULT NULL,
  `duration` time(3) DEFAULT NULL,
  `valid_until` datetime DEFAULT NULL,
  PRIMARY KEY (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
