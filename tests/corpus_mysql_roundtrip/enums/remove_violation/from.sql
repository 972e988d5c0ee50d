CREATE TABLE t (id INT PRIMARY KEY, s ENUM('a','b','c'));
