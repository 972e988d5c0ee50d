CREATE TABLE users (id INTEGER PRIMARY KEY, first_name TEXT, last_name TEXT);
