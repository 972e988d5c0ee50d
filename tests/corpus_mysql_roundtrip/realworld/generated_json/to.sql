CREATE TABLE `events` (
  `id` bigint unsigned NOT NULL AUTO_INCREMENT,
  `payload` json NOT NULL,
  `event_type` varchar(64) GENERATED ALWAYS AS (json_unquote(json_extract(`payload`,'$.type'))) VIRTUAL,
  `user_id` bigint GENERATED ALWAYS AS (json_extract(`payload`,'$.user.id')) STORED,
  `created_at` datetime NOT NULL DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (`id`),
  KEY `events_event_type_index` (`event_type`),
  KEY `events_user_id_index` (`user_id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE TABLE `order_lines` (
  `id` int NOT NULL AUTO_INCREMENT,
  `qty` int NOT NULL,
  `unit_price` decimal(10,2) NOT NULL,
  `line_total` decimal(12,2) AS (`qty` * `unit_price`) STORED,
  PRIMARY KEY (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
