CREATE TABLE articles (
  id int NOT NULL AUTO_INCREMENT,
  title varchar(200) NOT NULL,
  body text,
  slug varchar(255) NOT NULL,
  place point NOT NULL,
  published datetime,
  score int,
  PRIMARY KEY (id),
  KEY idx_slug_prefix (slug(20)),
  KEY idx_pub_desc (published DESC, id),
  FULLTEXT KEY ft_title_body (title, body),
  SPATIAL KEY sp_place (place),
  KEY (score),
  KEY (score, id),
  KEY idx_hidden (published) COMMENT 'rarely used'
) ENGINE=InnoDB;

CREATE INDEX idx_title ON articles (title);
CREATE UNIQUE INDEX uq_slug ON articles (slug);
