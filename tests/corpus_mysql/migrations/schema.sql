-- A schema file that is a sequence of migrations: every ALTER is applied in order.
CREATE TABLE customer (
  id int NOT NULL AUTO_INCREMENT,
  name varchar(50) NOT NULL,
  email varchar(100),
  legacy_code char(4),
  score int DEFAULT 0,
  PRIMARY KEY (id),
  KEY idx_email (email),
  KEY idx_name_code (name, legacy_code),
  CONSTRAINT chk_score CHECK (score >= 0)
);
CREATE TABLE orders (
  id int NOT NULL AUTO_INCREMENT PRIMARY KEY,
  customer_id int NOT NULL,
  note varchar(20),
  CONSTRAINT fk_orders_customer FOREIGN KEY (customer_id) REFERENCES customer (id)
);

ALTER TABLE customer ADD COLUMN phone varchar(20) AFTER name, ADD COLUMN nick varchar(10) FIRST;
ALTER TABLE customer MODIFY email varchar(200) NOT NULL;
ALTER TABLE customer CHANGE COLUMN name full_name varchar(80) NOT NULL;
ALTER TABLE customer DROP COLUMN legacy_code;
ALTER TABLE customer RENAME COLUMN score TO points;
ALTER TABLE customer RENAME INDEX idx_email TO idx_customer_email;
ALTER TABLE customer ALTER COLUMN points SET DEFAULT 10, ALTER nick DROP DEFAULT;
ALTER TABLE customer ENGINE=InnoDB, COMMENT='people';
RENAME TABLE customer TO customers;
ALTER TABLE orders DROP FOREIGN KEY fk_orders_customer, ADD INDEX idx_note (note);
ALTER TABLE orders ADD CONSTRAINT fk_orders_customers FOREIGN KEY (customer_id) REFERENCES customers (id) ON DELETE CASCADE;
ALTER TABLE orders MODIFY note varchar(40) DEFAULT 'none' AFTER id, DROP INDEX idx_note;
ALTER TABLE orders RENAME TO purchase;
