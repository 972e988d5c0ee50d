CREATE TABLE acc (id INTEGER PRIMARY KEY, balance INTEGER, CONSTRAINT balance_positive CHECK (balance >= 0));
