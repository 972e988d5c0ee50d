CREATE TABLE person (id INT PRIMARY KEY, nm VARCHAR(20) NOT NULL, KEY person_nm (nm));
