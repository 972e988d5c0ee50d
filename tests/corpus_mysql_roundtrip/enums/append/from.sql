CREATE TABLE t (id INT PRIMARY KEY, s ENUM('a','b') NOT NULL DEFAULT 'a', st SET('x','y'));
