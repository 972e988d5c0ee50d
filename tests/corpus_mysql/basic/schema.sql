-- Hand-written DDL: types, attributes, defaults, keys.
CREATE TABLE customers (
  id INT UNSIGNED NOT NULL AUTO_INCREMENT,
  email VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
  name varchar(100) NOT NULL DEFAULT '',
  nickname VARCHAR(30) NULL,
  age TINYINT UNSIGNED,
  score SMALLINT NOT NULL DEFAULT -1,
  visits MEDIUMINT(8) ZEROFILL,
  big BIGINT DEFAULT 0,
  balance DECIMAL(12,2) NOT NULL DEFAULT 0.00,
  ratio FLOAT,
  precise DOUBLE,
  plain_dec NUMERIC,
  active BOOLEAN NOT NULL DEFAULT TRUE,
  flags BIT(8) DEFAULT b'00000001',
  born DATE,
  created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  updated_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
  precise_at DATETIME(6) NULL DEFAULT NULL,
  opens TIME,
  since YEAR,
  code CHAR(3) NOT NULL DEFAULT 'abc',
  token BINARY(16),
  blob_data BLOB,
  notes TEXT COMMENT 'free text',
  long_notes LONGTEXT,
  path VARCHAR(100) DEFAULT 'C:\\new',
  quote_mark VARCHAR(10) DEFAULT 'it''s',
  PRIMARY KEY (id),
  UNIQUE KEY uq_customers_email (email),
  KEY idx_name (name)
) ENGINE=InnoDB AUTO_INCREMENT=100 DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci COMMENT='people who buy';

CREATE TABLE tags (
  tag varchar(50) NOT NULL PRIMARY KEY,
  label varchar(50) UNIQUE,
  label2 varchar(50),
  UNIQUE (label2),
  UNIQUE KEY (label, label2)
) ENGINE=InnoDB ROW_FORMAT=DYNAMIC;

CREATE TABLE serials (
  id SERIAL,
  n INTEGER DEFAULT (1 + 1)
);
