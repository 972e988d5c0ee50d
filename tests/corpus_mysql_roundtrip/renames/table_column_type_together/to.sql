CREATE TABLE people (id BIGINT PRIMARY KEY, name VARCHAR(40) NOT NULL, KEY person_nm (name));
