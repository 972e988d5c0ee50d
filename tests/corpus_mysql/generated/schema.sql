CREATE TABLE order_lines (
  id int NOT NULL PRIMARY KEY,
  qty int NOT NULL,
  price decimal(10,2) NOT NULL,
  total decimal(12,2) AS (qty * price) STORED,
  label varchar(40) GENERATED ALWAYS AS (concat('#', id)) VIRTUAL,
  hidden_note varchar(20) INVISIBLE,
  KEY idx_total (total)
);
