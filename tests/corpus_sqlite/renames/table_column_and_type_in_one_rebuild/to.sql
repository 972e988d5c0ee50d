CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT, score INTEGER);
CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER REFERENCES customers (id) ON DELETE CASCADE);
CREATE VIEW scores AS SELECT name, score FROM customers;
