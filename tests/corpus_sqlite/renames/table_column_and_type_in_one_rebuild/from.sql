CREATE TABLE customer (id INTEGER PRIMARY KEY, fullname TEXT, score TEXT);
CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER REFERENCES customer (id) ON DELETE CASCADE);
CREATE VIEW scores AS SELECT fullname, score FROM customer;
