CREATE TABLE products (
  id int NOT NULL PRIMARY KEY,
  price decimal(10,2) NOT NULL CHECK (price >= 0),
  stock int NOT NULL,
  discount int,
  CONSTRAINT chk_stock CHECK (stock >= 0),
  CHECK (discount BETWEEN 0 AND 100),
  CONSTRAINT chk_both CHECK (discount IS NULL OR discount < price)
);
