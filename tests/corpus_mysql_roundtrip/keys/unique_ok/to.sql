CREATE TABLE t (id INT PRIMARY KEY, email VARCHAR(50), UNIQUE KEY t_email_uq (email));
