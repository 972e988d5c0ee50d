CREATE TABLE addr (id INTEGER PRIMARY KEY, line TEXT, street TEXT, city TEXT, zip TEXT);
