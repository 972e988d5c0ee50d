CREATE TABLE t (id INT PRIMARY KEY, a INT,
  KEY t_a_new (a) -- @renamed from=t_a_old
);
