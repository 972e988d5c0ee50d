CREATE TABLE p (id INTEGER PRIMARY KEY, price DOUBLE PRECISION, name character varying(20), note TEXT);
