CREATE TABLE `sessions` (
  `id` varchar(128) NOT NULL,
  `data` mediumtext,
  `last_activity` int(10) unsigned NOT NULL,
  PRIMARY KEY (`id`),
  KEY `sessions_last_activity` (`last_activity`)
) ENGINE=MyISAM DEFAULT CHARSET=utf8mb4;
CREATE TABLE `search_index` (
  `doc_id` int(10) unsigned NOT NULL,
  `body` text NOT NULL,
  PRIMARY KEY (`doc_id`),
  FULLTEXT KEY `ft_body` (`body`)
) ENGINE=MyISAM DEFAULT CHARSET=utf8mb4;
