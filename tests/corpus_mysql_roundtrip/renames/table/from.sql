CREATE TABLE customer (id INT PRIMARY KEY, name VARCHAR(20));
CREATE TABLE orders (id INT PRIMARY KEY, customer_id INT, CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customer (id));
