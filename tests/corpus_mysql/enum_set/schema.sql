CREATE TABLE orders (
  id int NOT NULL AUTO_INCREMENT PRIMARY KEY,
  status ENUM('new','paid','shipped') NOT NULL DEFAULT 'new',
  channel enum('web', 'phone', 'it''s') DEFAULT NULL,
  options SET('gift','express','insured') NOT NULL DEFAULT 'gift,express'
);
