CREATE TABLE users (id INTEGER PRIMARY KEY, username TEXT, age INTEGER CHECK (age >= 0));
CREATE INDEX users_username_idx ON users (username);
