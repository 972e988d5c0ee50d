CREATE TABLE t (id INT PRIMARY KEY, s ENUM('a','b','c') NOT NULL DEFAULT 'a', st SET('x','y','z'));
