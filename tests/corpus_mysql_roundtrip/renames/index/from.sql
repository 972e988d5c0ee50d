CREATE TABLE t (id INT PRIMARY KEY, a INT, KEY t_a_old (a));
