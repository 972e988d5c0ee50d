CREATE TABLE `sessions` (
  `id` varchar(128) NOT NULL,
  `data` mediumtext,
  `last_activity` int(10) unsigned NOT NULL,
  PRIMARY KEY (`id`),
  KEY `sessions_last_activity` (`last_activity`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 ROW_FORMAT=DYNAMIC;
CREATE TABLE `search_index` (
  `doc_id` int(10) unsigned NOT NULL,
  `body` text NOT NULL,
  `title` varchar(255) NOT NULL DEFAULT '',
  PRIMARY KEY (`doc_id`),
  FULLTEXT KEY `ft_body` (`body`),
  FULLTEXT KEY `ft_title_body` (`title`,`body`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
