CREATE TABLE `we``ird tbl` (`id` INT PRIMARY KEY, `col ``a'` VARCHAR(20), `new ``c` INT DEFAULT 7);
