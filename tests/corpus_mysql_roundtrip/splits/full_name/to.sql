CREATE TABLE p (id INT PRIMARY KEY, first_name VARCHAR(50), last_name VARCHAR(50));
